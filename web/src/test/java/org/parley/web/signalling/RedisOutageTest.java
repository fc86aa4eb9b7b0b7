package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Offer;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.redis.RedisConnection;
import org.parley.web.redis.RedisRoomLocks;
import org.parley.web.redis.RedisRoomRepository;
import org.parley.web.room.RoomService;
import org.parley.web.room.StoreUnavailableException;
import org.parley.web.webhook.RoomEvents;
import org.redisson.api.RedissonClient;

/**
 * Signalling on a Redis of the test's own that goes away and comes back: new joins fail fast with UNAVAILABLE,
 * calls in progress keep exchanging media signals, and once Redis is back Parley works again by itself.
 */
class RedisOutageTest {

    /** Parley's Redis timeouts are 2 s with one retry: a refusal must come well within this. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private final PrivateRedis redisServer;
    private RedissonClient redis;
    private final RecordingMediaNode media = new RecordingMediaNode();
    private final ManualTimers timers = new ManualTimers();
    private SignallingService signalling;
    private RoomService rooms;

    RedisOutageTest() throws Exception {
        redisServer = new PrivateRedis();
    }

    @BeforeEach
    void start() throws Exception {
        redisServer.start();
        redis = RedisConnection.connectTo(redisServer.address());
        TokenSecret secret = new TokenSecret(Optional.of("outage-test-secret-of-at-least-32-bytes"));
        rooms = new RoomService(new RedisRoomRepository(redis, Duration.ofMinutes(10), Duration.ofHours(1)),
                new RedisRoomLocks(redis), new InviteTokens(secret, Duration.ofHours(1)), new ResumeTokens(secret), 16, 50);
        signalling = new SignallingService(rooms, new LocalRoomChannel(), media, timers, TestIceServers.none(), InMemoryConnectionReports.reports(),
                RoomEvents.NONE, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        if (redis != null) {
            redis.shutdown();
        }
        redisServer.close();
    }

    @Test
    void joinsFailFastWhileRedisIsDownCallsCarryOnAndParleyRecoversByItself() throws Exception {
        RoomService.Created room = rooms.create("Outage");
        RecordingSocket hostSocket = new RecordingSocket();
        Connection host = new Connection(hostSocket, System::nanoTime);
        signalling.handle(host, new Join(room.room().id(), room.hostToken(), "Hana", null));
        assertEquals(1, hostSocket.all(Joined.class).size());

        redisServer.stop();

        Connection newcomer = new Connection(new RecordingSocket(), System::nanoTime);
        long started = System.nanoTime();
        StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                () -> signalling.handle(newcomer, new Join(room.room().id(), room.participantToken(), "Gus", null)));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(FAIL_FAST) < 0,
                "refused after " + Duration.ofNanos(System.nanoTime() - started));
        assertEquals("Parley is temporarily unavailable; try again in a moment.", refused.getMessage());
        assertThrows(StoreUnavailableException.class, () -> rooms.create("During the outage"));

        // The call in progress: its media signals never wait for Redis.
        started = System.nanoTime();
        signalling.handle(host, new Offer("v=0\r\n"));
        signalling.handle(host, new Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(500)) < 0, "no Redis wait");
        assertEquals(2, media.signals.size());
        assertEquals(List.of(), media.closed, "nobody's media was released");
        assertNull(hostSocket.closedAs);

        redisServer.start(); // empty: this test's Redis keeps nothing on disk

        RoomService.Created after = eventually(() -> rooms.create("After the outage"));
        RecordingSocket guestSocket = new RecordingSocket();
        signalling.handle(new Connection(guestSocket, System::nanoTime),
                new Join(after.room().id(), after.participantToken(), "Gus", null));
        assertEquals(after.room().id(), guestSocket.last(Joined.class).roomId());
        // The socket refused during the outage may try again, too.
        signalling.handle(newcomer, new Join(after.room().id(), after.participantToken(), "Ned", null));
    }

    @Test
    void aHungRedisIsToldAsUnavailableAndDeparturesMissedMeanwhileAreRecordedOnceItAnswers() throws Exception {
        RoomService.Created room = rooms.create("Hang");
        String roomId = room.room().id();
        RecordingSocket hostSocket = new RecordingSocket();
        Connection host = new Connection(hostSocket, System::nanoTime);
        signalling.handle(host, new Join(roomId, room.hostToken(), "Hana", null));
        RecordingSocket guestSocket = new RecordingSocket();
        Connection guest = new Connection(guestSocket, System::nanoTime);
        signalling.handle(guest, new Join(roomId, room.participantToken(), "Gus", null));
        String guestId = guestSocket.last(Joined.class).participantId();

        redisServer.freeze();
        long started = System.nanoTime();
        assertThrows(StoreUnavailableException.class, () -> signalling.handle(new Connection(new RecordingSocket(), System::nanoTime),
                new Join(roomId, room.participantToken(), "Ned", null)));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(FAIL_FAST) < 0,
                "refused after " + Duration.ofNanos(System.nanoTime() - started));
        signalling.handle(host, new Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
        assertEquals(1, media.signals.size());

        signalling.handle(guest, new org.parley.api.signalling.Leave()); // cannot be recorded now
        assertEquals("normally", guestSocket.closedAs);
        assertEquals(List.of(guestId), media.closed, "their media goes at once");
        assertEquals(1, timers.pending(), "a retry is scheduled");

        redisServer.thaw();
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (hostSocket.all(org.parley.api.signalling.ParticipantLeft.class).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the departure was never recorded");
            timers.fireAll();
            Thread.sleep(100);
        }
        assertEquals(guestId, hostSocket.last(org.parley.api.signalling.ParticipantLeft.class).participantId());
        RoomRepositoryView view = new RoomRepositoryView(redis);
        assertEquals(java.util.Set.of(hostSocket.last(Joined.class).participantId()), view.occupantIds(roomId));
        assertEquals("1", view.room(roomId).get("occupancyCount"));
        assertEquals(0, timers.pending(), "no more retries");
    }

    /** What Parley stored, read straight from Redis. */
    private record RoomRepositoryView(RedissonClient redis) {
        java.util.Set<String> occupantIds(String roomId) {
            return redis.<String, String>getMap("parley:room:" + roomId + ":occupants").readAllMap().keySet();
        }

        java.util.Map<String, String> room(String roomId) {
            return redis.<String, String>getMap("parley:room:" + roomId).readAllMap();
        }
    }

    private static <T> T eventually(java.util.function.Supplier<T> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return attempt.get();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
