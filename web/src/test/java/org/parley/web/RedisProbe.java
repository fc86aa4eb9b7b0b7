package org.parley.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Reads what the server stored in the machine's Redis, and removes it afterwards. */
final class RedisProbe implements AutoCloseable {

    private final RedissonClient redis;

    RedisProbe(String address) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(2);
        config.useSingleServer().setAddress(address).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0);
        redis = Redisson.create(config);
    }

    Map<String, String> room(String roomId) {
        return redis.<String, String>getMap("parley:room:" + roomId).readAllMap();
    }

    long occupancyCount(String roomId) {
        return Long.parseLong(room(roomId).get("occupancyCount"));
    }

    Map<String, JsonObject> occupants(String roomId) {
        Map<String, JsonObject> occupants = new HashMap<>();
        redis.<String, String>getMap("parley:room:" + roomId + ":occupants").readAllMap()
                .forEach((id, json) -> occupants.put(id, Json.createReader(new StringReader(json)).readObject()));
        return occupants;
    }

    List<String> keysOf(String roomId) {
        return redis.getKeys().getKeysStream(KeysScanOptions.defaults().pattern("parley:room:" + roomId + "*"))
                .collect(Collectors.toList());
    }

    /** Milliseconds the room's hash has left; -1 when it does not expire, -2 when it is gone. */
    long roomTtl(String roomId) {
        return redis.getKeys().remainTimeToLive("parley:room:" + roomId);
    }

    long occupantsTtl(String roomId) {
        return redis.getKeys().remainTimeToLive("parley:room:" + roomId + ":occupants");
    }

    /** The stored host credential (JSON), or null. */
    String hostCredential(String id) {
        return redis.<String, String>getMap("parley:host-credentials").get(id);
    }

    void deleteRoom(String roomId) {
        redis.getKeys().deleteByPattern("parley:room:" + roomId + "*");
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
