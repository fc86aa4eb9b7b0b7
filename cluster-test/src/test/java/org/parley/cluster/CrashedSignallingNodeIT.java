package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.redisson.api.RedissonClient;

/**
 * Issue 15, item 3: a signalling process killed with -9 does not leave its occupants "present" for ever. The host talks
 * through the media node; a guest through a signalling-only process, which is then killed. The host is told the guest
 * is away once the dead process's heartbeat lapses, then that the guest left when the reconnect grace ran out; Redis
 * counts the host alone, and the guest's media session on the surviving node is gone.
 */
class CrashedSignallingNodeIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final String HOST_KEY = "crash-it-host-key-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern CONNECTIONS = Pattern.compile("(?m)^(?:application_)?parley_media_connections\\S*\\s+(\\S+)");

    private static ParleyProcess mediaNode;
    private static ParleyProcess signallingNode;
    private static RedissonClient redis;
    private static String cluster;
    private static String roomId;

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        cluster = "crash-it-" + RUN;
        Map<String, String> shared = new HashMap<>(Map.of(
                "REDIS_ADDRESS", System.getProperty("parley.redisAddress"),
                "PARLEY_HOST_KEY", HOST_KEY,
                "PARLEY_TOKEN_SECRET", "crash-it-secret-" + RUN + "-and-some-more-bytes",
                "PARLEY_CLUSTER_NAME", cluster,
                "PARLEY_RECONNECT_GRACE", GRACE.toString()));
        mediaNode = ParleyProcess.launch("crash-media-" + RUN, shared);
        shared.put("PARLEY_ROLES", "signalling");
        signallingNode = ParleyProcess.launch("crash-signalling-" + RUN, shared);
        redis = TestRedis.connect();
        mediaNode.awaitReady(STARTUP);
        signallingNode.awaitReady(STARTUP);
    }

    @AfterAll
    static void stopAndCleanUp() throws Exception {
        for (ParleyProcess process : new ParleyProcess[] {mediaNode, signallingNode}) {
            if (process != null) {
                process.close();
            }
        }
        if (redis != null) {
            if (roomId != null) {
                redis.getKeys().deleteByPattern("parley:room:" + roomId + "*");
            }
            redis.getKeys().delete("parley:cluster:" + cluster + ":media-nodes", "parley:node:" + mediaNode.nodeId,
                    "parley:node:" + signallingNode.nodeId);
            redis.shutdown();
        }
    }

    @Test
    void theOccupantsOfAKilledSignallingNodeBecomeAwayThenLeave() throws Exception {
        CreatedRoom room = CreatedRoom.create(mediaNode.http(), HOST_KEY, "crash");
        roomId = room.id();
        try (MeetingClient host = new MeetingClient("Host", 0x0C0A0001, 0x0C0A0002);
             MeetingClient guest = new MeetingClient("Guest", 0x0C0B0001, 0x0C0B0002)) {
            host.connect(mediaNode.webSocket());
            host.join(roomId, room.token());
            host.startMedia();
            guest.connect(signallingNode.webSocket());
            String guestId = guest.join(roomId, room.token()).participantId();
            host.awaitNews(ParticipantJoined.class, j -> j.participant().id().equals(guestId), Duration.ofSeconds(10));
            guest.startMedia();
            MeetingClient.awaitHearingEachOther(host, guest, Duration.ofSeconds(30));
            assertEquals(2, mediaConnections(), "both connected to the media node");

            long killedAt = System.nanoTime();
            signallingNode.kill();

            host.awaitNews(ParticipantUpdated.class, u -> u.participant().id().equals(guestId)
                    && !u.participant().isPresent(), Duration.ofSeconds(20));
            long away = System.nanoTime();
            host.awaitNews(ParticipantLeft.class, l -> l.participantId().equals(guestId), Duration.ofSeconds(20));
            long left = System.nanoTime();
            System.out.printf("[crash-it] kill -9 → the guest shown away %d ms → gone %d ms%n",
                    (away - killedAt) / 1_000_000, (left - killedAt) / 1_000_000);

            assertEquals("1", redis.<String, String>getMap("parley:room:" + roomId).get("occupancyCount"));
            assertFalse(redis.<String, String>getMap("parley:room:" + roomId + ":occupants").containsKey(guestId));
            assertFalse(redis.getKeys().countExists("parley:presence:node:" + signallingNode.nodeId + ":held") > 0,
                    "the dead node's index is gone");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mediaConnections() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertEquals(1, mediaConnections(), "the guest's media session on the media node was reconciled away");
            assertTrue(host.allErrors.isEmpty(), "the host's call carried on: " + host.allErrors);
        }
    }

    private static long mediaConnections() throws Exception {
        HttpResponse<String> metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(mediaNode.http().resolve("metrics")).timeout(Duration.ofSeconds(20)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CONNECTIONS.matcher(metrics.body());
        assertTrue(matcher.find(), "parley_media_connections in " + metrics.body().length() + " chars of metrics");
        return (long) Double.parseDouble(matcher.group(1));
    }
}
