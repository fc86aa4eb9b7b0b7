package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantUpdated;
import org.redisson.api.RedissonClient;

/**
 * Issue 4, item 6: two Parley processes share one Redis. A joins through the first, B through the second; A is told
 * that B joined and when B mutes (room events cross processes), and each hears the other. Then the process hosting the room's media is killed: both are told to reconnect (the one whose
 * own socket died reconnects to the survivor, as the page does), and media flows again within 15 s of the kill.
 */
class TwoNodeFailoverIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration FAILOVER_BUDGET = Duration.ofSeconds(15);
    private static final Duration EVENTS = Duration.ofSeconds(10);
    private static final String HOST_KEY = "cluster-it-host-key-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static ParleyProcess first;
    private static ParleyProcess second;
    private static RedissonClient redis;
    private static String cluster;
    private static String roomId;

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        cluster = "cluster-it-" + RUN;
        Map<String, String> shared = Map.of(
                "REDIS_ADDRESS", System.getProperty("parley.redisAddress"),
                "PARLEY_HOST_KEY", HOST_KEY,
                "PARLEY_TOKEN_SECRET", "cluster-it-secret-" + RUN + "-and-some-more-bytes",
                "PARLEY_CLUSTER_NAME", cluster);
        first = ParleyProcess.launch("it-a-" + RUN, shared);
        second = ParleyProcess.launch("it-b-" + RUN, shared);
        redis = TestRedis.connect();
        first.awaitReady(STARTUP);
        second.awaitReady(STARTUP);
    }

    @AfterAll
    static void stopAndCleanUp() throws Exception {
        for (ParleyProcess process : new ParleyProcess[] {first, second}) {
            if (process != null) {
                process.close();
            }
        }
        if (redis != null) {
            if (roomId != null) {
                redis.getKeys().deleteByPattern("parley:room:" + roomId + "*");
            }
            redis.getKeys().delete("parley:cluster:" + cluster + ":media-nodes", "parley:node:" + first.nodeId,
                    "parley:node:" + second.nodeId);
            redis.shutdown();
        }
    }

    @Test
    void aCallAcrossTwoProcessesSurvivesTheDeathOfItsMediaNode() throws Exception {
        CreatedRoom room = CreatedRoom.create(first.http(), HOST_KEY, "cluster");
        roomId = room.id();
        String token = room.token();
        try (MeetingClient a = new MeetingClient("A", 0x0A0A0001, 0x0A0A0002);
             MeetingClient b = new MeetingClient("B", 0x0B0B0001, 0x0B0B0002)) {
            a.connect(first.webSocket());
            a.join(roomId, token);
            a.startMedia();
            b.connect(second.webSocket());
            String bId = b.join(roomId, token).participantId();
            // Room events cross processes: A's socket is on the first, B's on the second.
            ParticipantJoined bJoined = a.awaitNews(ParticipantJoined.class, j -> j.participant().id().equals(bId), EVENTS);
            assertEquals("B", bJoined.participant().displayName());
            b.startMedia();
            Duration firstCall = MeetingClient.awaitHearingEachOther(a, b, Duration.ofSeconds(30));
            System.out.println("[cluster-it] A (via " + first.nodeId + ") and B (via " + second.nodeId
                    + ") hear each other after " + firstCall.toMillis() + " ms");

            b.mute("audio", true);
            a.awaitNews(ParticipantUpdated.class, u -> u.participant().id().equals(bId) && u.participant().audioMuted(), EVENTS);
            b.mute("audio", false);
            a.awaitNews(ParticipantUpdated.class, u -> u.participant().id().equals(bId) && !u.participant().audioMuted(), EVENTS);

            String owner = redis.<String>getBucket("parley:room:" + roomId + ":media-node").get();
            assertTrue(Set.of(first.nodeId, second.nodeId).contains(owner), "the room is on one of the two: " + owner);
            ParleyProcess doomed = owner.equals(first.nodeId) ? first : second;
            ParleyProcess survivor = doomed == first ? second : first;
            MeetingClient cutOff = doomed == first ? a : b;
            MeetingClient stayed = cutOff == a ? b : a;

            long killedAt = System.nanoTime();
            doomed.kill();
            System.out.println("[cluster-it] killed " + doomed.nodeId + ", the media node of the room");

            // The page of the killed process's participant sees its socket drop and reconnects to another node.
            cutOff.awaitClosed(Duration.ofSeconds(10));
            cutOff.connect(survivor.webSocket());
            cutOff.resume(roomId, token);

            // Both are told their media is gone ("reconnecting"), then start over with a new peer connection.
            CompletableFuture<Void> stayedBack = CompletableFuture.runAsync(() -> startOver(stayed));
            startOver(cutOff);
            stayedBack.join();
            MeetingClient.awaitHearingEachOther(a, b, FAILOVER_BUDGET.minusNanos(System.nanoTime() - killedAt).plusSeconds(5));
            Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println("[cluster-it] media back through " + survivor.nodeId + " " + failover.toMillis()
                    + " ms after the kill");

            assertEquals(survivor.nodeId, redis.getBucket("parley:room:" + roomId + ":media-node").get());
            assertTrue(failover.compareTo(FAILOVER_BUDGET) < 0, "media back after " + failover.toMillis()
                    + " ms; the budget is " + FAILOVER_BUDGET.toMillis() + " ms");
        }
    }

    private static void startOver(MeetingClient client) {
        try {
            client.awaitError(ErrorCode.MEDIA_NODE_LOST, FAILOVER_BUDGET);
            client.startMedia();
        } catch (Exception e) {
            throw new AssertionError(client.name + " could not start its media over; errors " + client.allErrors, e);
        }
    }
}
