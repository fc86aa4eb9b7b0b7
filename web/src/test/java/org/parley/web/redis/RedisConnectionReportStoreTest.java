package org.parley.web.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.web.connection.ReportedConnection;
import org.redisson.api.RedissonClient;

/** Connection reports in the machine's Redis: one hash per room, readable with redis-cli, leaving by itself. */
class RedisConnectionReportStoreTest {

    private static RedissonClient redis;

    private final String roomId = "reports-test-" + UUID.randomUUID();
    private final RedisConnectionReportStore store = new RedisConnectionReportStore(redis);

    @BeforeAll
    static void connect() {
        redis = RedisConnection.connectTo("redis://127.0.0.1:6379");
    }

    @AfterAll
    static void disconnect() {
        redis.shutdown();
    }

    @AfterEach
    void removeKeys() {
        redis.getKeys().delete(RoomKeys.connections(roomId));
    }

    @Test
    void theLatestReportOfEachParticipantIsKeptAndTheHashExpires() {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        store.save(roomId, "ana", new ReportedConnection("UDP", 12, 0.5, null, at));
        store.save(roomId, "ana", new ReportedConnection("TURN-TLS", 48, 1.5, "udp-blocked", at.plusSeconds(10)));
        store.save(roomId, "ben", new ReportedConnection("NONE", -1, 0, "unreachable", at));

        Map<String, ReportedConnection> reports = store.reports(roomId);
        assertEquals(new ReportedConnection("TURN-TLS", 48, 1.5, "udp-blocked", at.plusSeconds(10)), reports.get("ana"));
        assertEquals(new ReportedConnection("NONE", -1, 0, "unreachable", at), reports.get("ben"));
        assertEquals("{\"path\":\"NONE\",\"roundTripMs\":-1,\"lossPercent\":0.0,\"reportedAt\":\"2026-12-07T10:00:00Z\","
                + "\"diagnosis\":\"unreachable\"}", redis.<String, String>getMap(RoomKeys.connections(roomId)).get("ben"));
        long ttl = redis.getMap(RoomKeys.connections(roomId)).remainTimeToLive();
        assertTrue(ttl > 0 && ttl <= RedisConnectionReportStore.TTL_MINUTES * 60_000L, "expires by itself: " + ttl);
    }
}
