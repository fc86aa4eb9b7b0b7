package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Placing rooms on media nodes, on the machine's Redis. */
class RoomPlacementTest {

    private final TestRedis redis = new TestRedis();
    private final NodeRegistry registry = new NodeRegistry(redis.client, redis.cluster, Duration.ofSeconds(5));
    private final RoomPlacement placement = new RoomPlacement(redis.client, registry, Duration.ofMinutes(1));

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void aNewRoomGoesToTheLeastLoadedNodeAndStaysThere() {
        String busy = redis.node("busy");
        String idle = redis.node("idle");
        registry.heartbeat(busy, 2);
        registry.heartbeat(idle, 0);
        String room = redis.room();

        assertEquals(new RoomPlacement.Placement(idle, false), placement.place(room));
        registry.heartbeat(idle, 9); // busier now, but the room's media is there already
        assertEquals(new RoomPlacement.Placement(idle, false), placement.place(room));
        assertEquals(idle, placement.recorded(room));
    }

    @Test
    void concurrentJoinsThroughDifferentNodesAgreeOnOneNode() throws Exception {
        for (int i = 0; i < 3; i++) {
            registry.heartbeat(redis.node("media"), 0);
        }
        String room = redis.room();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> joins = IntStream.range(0, 12)
                    .<Callable<String>>mapToObj(i -> () -> placement.place(room).nodeId()).toList();
            Set<String> chosen = pool.invokeAll(joins).stream().map(RoomPlacementTest::get).collect(Collectors.toSet());
            assertEquals(Set.of(placement.recorded(room)), chosen);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRoomOnADeadNodeMovesToALiveOne() {
        String dying = redis.node("dying");
        String survivor = redis.node("survivor");
        registry.heartbeat(dying, 0);
        registry.heartbeat(survivor, 5);
        String room = redis.room();
        assertEquals(dying, placement.place(room).nodeId());

        registry.deregister(dying);
        assertEquals(new RoomPlacement.Placement(survivor, true), placement.place(room));
        assertEquals(survivor, placement.recorded(room));
    }

    @Test
    void onlyTheHostingNodeReleasesARoom() {
        String node = redis.node("media");
        registry.heartbeat(node, 0);
        String room = redis.room();
        placement.place(room);

        placement.release(room, "some-other-node");
        assertEquals(node, placement.recorded(room));
        placement.release(room, node);
        assertNull(placement.recorded(room));
        assertFalse(redis.exists(ClusterKeys.roomMediaNode(room)), "no key is left behind");
    }

    @Test
    void withNoLiveMediaNodeThePlacementFailsClearlyAndRecordsNothing() {
        String room = redis.room();
        NoMediaNodeException e = assertThrows(NoMediaNodeException.class, () -> placement.place(room));
        assertTrue(e.getMessage().contains("parley.roles"), e.getMessage());
        assertNull(placement.recorded(room));
    }

    @Test
    void aPlacementOutlivesItsNodeOnlyBrieflyUnlessRenewed() throws Exception {
        String node = redis.node("media");
        registry.heartbeat(node, 0);
        String room = redis.room();
        RoomPlacement briefly = new RoomPlacement(redis.client, registry, Duration.ofSeconds(1));
        briefly.place(room);
        Polling.until(Duration.ofSeconds(10), () -> placement.recorded(room) == null, "the placement to expire");

        placement.place(room);
        redis.client.getBucket(ClusterKeys.roomMediaNode(room)).expire(Duration.ofSeconds(2));
        placement.renew(Set.of(room));
        long left = redis.client.getBucket(ClusterKeys.roomMediaNode(room)).remainTimeToLive();
        assertTrue(left > 30_000, "renewed to the placement's time to live, not " + left + " ms");
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
