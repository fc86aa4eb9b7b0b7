package org.parley.web.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.parley.web.redis.RedisConnection;
import org.parley.web.signalling.PrivateRedis;
import org.redisson.api.RedissonClient;

/** Readiness follows Redis: down while it does not answer (within the client's timeout), up again when it does. */
class RedisReadinessTest {

    @Test
    void notReadyWhileRedisIsFrozenOrGoneReadyWhenItIsBack() throws Exception {
        try (PrivateRedis server = new PrivateRedis()) {
            server.start();
            RedissonClient redis = RedisConnection.connectTo(server.address());
            try {
                RedisReadiness readiness = new RedisReadiness(redis);
                assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());

                server.freeze(); // a hung or partitioned Redis: connections open, nothing answered
                long started = System.nanoTime();
                HealthCheckResponse frozen = readiness.call();
                assertEquals(HealthCheckResponse.Status.DOWN, frozen.getStatus());
                assertTrue(frozen.getData().orElseThrow().get("problem").toString().startsWith("Redis does not answer"));
                assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "bounded by the timeout");

                server.thaw();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (readiness.call().getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus(), "ready again");
            } finally {
                redis.shutdown();
            }
        }
    }
}
