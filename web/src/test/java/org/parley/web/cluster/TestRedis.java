package org.parley.web.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** A client of the machine's Redis for one test, which deletes every key the test names through it when closed. */
final class TestRedis implements AutoCloseable {

    final RedissonClient client;
    /** Unique per test, so tests running at the same time on one Redis never see each other's nodes. */
    final String cluster = "test-" + UUID.randomUUID();
    private final List<String> keys = new ArrayList<>();

    TestRedis() {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(2);
        config.useSingleServer().setAddress("redis://127.0.0.1:6379").setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(4).setSubscriptionConnectionMinimumIdleSize(1);
        client = Redisson.create(config);
        keys.add(ClusterKeys.mediaNodes(cluster));
    }

    /** A fresh node id whose key is deleted at the end. */
    String node(String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        keys.add(ClusterKeys.node(id));
        return id;
    }

    /** A fresh room id whose placement key is deleted at the end. */
    String room() {
        String id = "room-" + UUID.randomUUID();
        keys.add(ClusterKeys.roomMediaNode(id));
        return id;
    }

    boolean exists(String key) {
        return client.getBucket(key, StringCodec.INSTANCE).isExists();
    }

    @Override
    public void close() {
        client.getKeys().delete(keys.toArray(String[]::new));
        client.shutdown();
    }
}
