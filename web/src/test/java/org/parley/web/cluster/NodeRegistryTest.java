package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry on the machine's Redis. */
class NodeRegistryTest {

    private final TestRedis redis = new TestRedis();
    private final NodeRegistry registry = new NodeRegistry(redis.client, redis.cluster, Duration.ofSeconds(1));

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void aNodeIsAliveWhileItBeatsAndDeadOnceItsTimeToLiveRunsOut() throws Exception {
        String node = redis.node("media");
        registry.heartbeat(node, 0);
        assertTrue(registry.isAlive(node));
        assertEquals(Map.of(node, 0), registry.live());

        Polling.until(Duration.ofSeconds(10), () -> !registry.isAlive(node), "the node key to expire");
        Polling.until(Duration.ofSeconds(10), () -> !redis.exists(ClusterKeys.mediaNodes(redis.cluster)),
                "the cluster's set to go with its last node, with nobody pruning it");
        assertEquals(Map.of(), registry.live());
    }

    @Test
    void theLeastLoadedLiveNodeIsChosen() {
        String busy = redis.node("busy");
        String idle = redis.node("idle");
        registry.heartbeat(busy, 3);
        registry.heartbeat(idle, 1);
        assertEquals(Optional.of(idle), registry.leastLoaded());

        registry.heartbeat(idle, 5);
        assertEquals(Optional.of(busy), registry.leastLoaded());
    }

    @Test
    void deregisteringRemovesTheNodeAtOnce() {
        String node = redis.node("leaving");
        registry.heartbeat(node, 0);
        registry.deregister(node);
        assertFalse(registry.isAlive(node));
        assertEquals(Optional.empty(), registry.leastLoaded());
        assertFalse(redis.exists(ClusterKeys.node(node)));
    }

    @Test
    void nodesOfAnotherClusterOnTheSameRedisAreNeverChosen() {
        try (TestRedis other = new TestRedis()) {
            String elsewhere = other.node("elsewhere");
            new NodeRegistry(other.client, other.cluster, Duration.ofSeconds(5)).heartbeat(elsewhere, 0);
            assertEquals(Optional.empty(), registry.leastLoaded());
        }
    }
}
