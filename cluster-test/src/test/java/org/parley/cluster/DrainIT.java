package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.redisson.api.RedissonClient;

/**
 * Issue 14, item 5: draining a node takes it out of service without ending anyone's call. Two processes share one
 * Redis; A talks through the first, B through the second. The room's media node gets SIGTERM, as an orchestrator sends
 * it: its participant's socket closes with 1012 and the page reconnects to the other node and resumes as the same
 * participant, both start their media over on the survivor, nobody is told anyone left, and the drained process exits
 * by itself before its deadline. Then an operator drains the other node over REST (refused without the host key): it
 * is no longer ready and sends new sockets elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final Duration EVENTS = Duration.ofSeconds(10);
    private static final String HOST_KEY = "drain-it-host-key-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ParleyProcess first;
    private static ParleyProcess second;
    private static RedissonClient redis;
    private static String cluster;
    private static String roomId;
    /** The node left serving after the first test. */
    private static ParleyProcess survivorOfTheFirst;

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        cluster = "drain-it-" + RUN;
        Map<String, String> shared = Map.of(
                "REDIS_ADDRESS", System.getProperty("parley.redisAddress"),
                "PARLEY_HOST_KEY", HOST_KEY,
                "PARLEY_TOKEN_SECRET", "drain-it-secret-" + RUN + "-and-some-more-bytes",
                "PARLEY_CLUSTER_NAME", cluster,
                "PARLEY_DRAIN_DEADLINE", DEADLINE.toString());
        first = ParleyProcess.launch("drain-a-" + RUN, shared);
        second = ParleyProcess.launch("drain-b-" + RUN, shared);
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
    @Order(1)
    void sigtermMovesEveryoneToTheOtherNodeWithoutAnyoneLeavingThenExits() throws Exception {
        assertEquals(401, post(first, "api/node/drain", null, "{}").statusCode(), "no host key, no drain");
        assertEquals(401, post(first, "api/node/drain", "not-the-key", "{}").statusCode(), "a wrong key, no drain");
        assertEquals(400, post(first, "api/node/drain", HOST_KEY, "{\"deadline\":\"soon\"}").statusCode());
        assertEquals("{\"state\":\"serving\"}", get(first, "api/node/drain", HOST_KEY).body());

        CreatedRoom room = CreatedRoom.create(first.http(), HOST_KEY, "drain");
        roomId = room.id();
        try (MeetingClient a = new MeetingClient("A", 0x0D0A0001, 0x0D0A0002);
             MeetingClient b = new MeetingClient("B", 0x0D0B0001, 0x0D0B0002)) {
            a.connect(first.webSocket());
            String aId = a.join(roomId, room.token()).participantId();
            a.startMedia();
            b.connect(second.webSocket());
            String bId = b.join(roomId, room.token()).participantId();
            a.awaitNews(ParticipantJoined.class, j -> j.participant().id().equals(bId), EVENTS);
            b.startMedia();
            MeetingClient.awaitHearingEachOther(a, b, Duration.ofSeconds(30));

            String owner = redis.<String>getBucket("parley:room:" + roomId + ":media-node").get();
            assertTrue(Set.of(first.nodeId, second.nodeId).contains(owner), "the room is on one of the two: " + owner);
            ParleyProcess drained = owner.equals(first.nodeId) ? first : second;
            ParleyProcess survivor = drained == first ? second : first;
            survivorOfTheFirst = survivor;
            MeetingClient moving = drained == first ? a : b;
            MeetingClient staying = moving == a ? b : a;
            String movingId = moving == a ? aId : bId;

            long sigterm = System.nanoTime();
            drained.terminate();
            System.out.println("[drain-it] SIGTERM to " + drained.nodeId + ", the room's media node");

            // The page sees 1012 (Service Restart) and reconnects at once, through the load balancer, to a live node.
            CloseReason closed = moving.awaitClosed(Duration.ofSeconds(20));
            assertEquals(CloseReason.CloseCodes.SERVICE_RESTART.getCode(), closed.getCloseCode().getCode(),
                    "the draining node says it is restarting: " + closed);
            long socketClosed = System.nanoTime();
            moving.connect(survivor.webSocket());
            Joined resumed = moving.resume(roomId, room.token());
            assertTrue(resumed.resumed(), "the same participant, resumed");
            assertEquals(movingId, resumed.participantId());

            // Both are told the media moved and start it over on the survivor.
            CompletableFuture<Void> stayedBack = CompletableFuture.runAsync(() -> startOver(staying));
            startOver(moving);
            stayedBack.join();
            MeetingClient.awaitHearingEachOther(a, b, Duration.ofSeconds(20));
            long mediaBack = System.nanoTime();

            OptionalInt exit = drained.awaitExit(DEADLINE.plusSeconds(20));
            long exited = System.nanoTime();
            System.out.printf("[drain-it] SIGTERM → socket closed with 1012 %d ms → both hear each other again %d ms "
                            + "→ process exited %s at %d ms%n", ms(socketClosed - sigterm), ms(mediaBack - sigterm),
                    exit.isPresent() ? "(code " + exit.getAsInt() + ")" : "NOT", ms(exited - sigterm));
            assertTrue(exit.isPresent(), "the drained process exits by itself");
            assertTrue(exited - sigterm < DEADLINE.toNanos(), "it exited once empty, before its deadline, not at it");

            assertEquals(survivor.nodeId, redis.getBucket("parley:room:" + roomId + ":media-node").get());
            assertEquals("2", redis.<String, String>getMap("parley:room:" + roomId).get("occupancyCount"),
                    "both still in the room");
            assertTrue(staying.newsSoFar().stream().noneMatch(m -> m instanceof ParticipantLeft),
                    "nobody was told anyone left: " + staying.newsSoFar());
        }
    }

    @Test
    @Order(2)
    void anOperatorDrainsANodeOverRestItTurnsNewSocketsAwayAndIsNotReady() throws Exception {
        ParleyProcess node = survivorOfTheFirst != null ? survivorOfTheFirst : first;
        assertEquals(200, get(node, "health/ready", HOST_KEY).statusCode());

        HttpResponse<String> started = post(node, "api/node/drain", HOST_KEY, "{\"deadline\":\"PT30S\"}");
        assertEquals(202, started.statusCode(), started.body());
        assertTrue(started.body().contains("\"state\":\"draining\""), started.body());

        HttpResponse<String> ready = get(node, "health/ready", HOST_KEY);
        assertEquals(503, ready.statusCode(), "a draining node is not ready: " + ready.body());
        assertTrue(ready.body().contains("\"drain\"") && ready.body().contains("DOWN"), ready.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status;
        while (!(status = get(node, "api/node/drain", HOST_KEY).body()).contains("\"state\":\"drained\"")) {
            assertTrue(System.nanoTime() < deadline, "nobody to move here: drained at once, but " + status);
            Thread.sleep(100);
        }

        try (MeetingClient late = new MeetingClient("Late", 0x0D0C0001, 0x0D0C0002)) {
            late.connect(node.webSocket());
            assertEquals(CloseReason.CloseCodes.SERVICE_RESTART.getCode(),
                    late.awaitClosed(Duration.ofSeconds(10)).getCloseCode().getCode(),
                    "a new socket is sent elsewhere at once");
        }
    }

    private static void startOver(MeetingClient client) {
        try {
            client.awaitError(ErrorCode.MEDIA_NODE_LOST, Duration.ofSeconds(20));
            client.startMedia();
        } catch (Exception e) {
            throw new AssertionError(client.name + " could not start its media over; errors " + client.allErrors, e);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static HttpResponse<String> post(ParleyProcess node, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.http().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ParleyProcess node, String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.http().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
