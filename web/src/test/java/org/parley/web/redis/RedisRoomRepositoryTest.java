package org.parley.web.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.web.room.Occupant;
import org.parley.web.room.Room;
import org.redisson.api.RedissonClient;

/** Room keys in the machine's Redis: empty rooms expire, occupied ones do not, ended ones keep only a marker. */
class RedisRoomRepositoryTest {

    private static final Duration EMPTY_TTL = Duration.ofSeconds(2);
    private static final Duration ENDED_TTL = Duration.ofSeconds(60);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static RedissonClient redis;

    private final String roomId = "repo-test-" + UUID.randomUUID();
    private final RedisRoomRepository rooms = new RedisRoomRepository(redis, EMPTY_TTL, ENDED_TTL);

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
        redis.getKeys().delete(RoomKeys.room(roomId), RoomKeys.occupants(roomId));
    }

    @Test
    void aRoomNobodyEntersExpires() throws Exception {
        rooms.create(new Room(roomId, "Empty", Instant.now()));
        assertTrue(ttl(RoomKeys.room(roomId)) > 0);
        awaitGone();
        assertTrue(rooms.find(roomId).isEmpty());
    }

    @Test
    void anOccupiedRoomIsKeptAndExpiresOnceNobodyIsPresent() throws Exception {
        rooms.create(new Room(roomId, "Busy", Instant.now()));
        Occupant ana = Occupant.arriving("ana", "Ana", true, false, null);
        rooms.saveOccupant(roomId, ana, 1);
        assertEquals(-1, ttl(RoomKeys.room(roomId)), "no expiry while someone is present");
        assertEquals(-1, ttl(RoomKeys.occupants(roomId)));

        rooms.saveOccupant(roomId, ana.withPresent(false), 0); // away: kept, not present
        assertTrue(ttl(RoomKeys.room(roomId)) > 0);
        assertTrue(ttl(RoomKeys.occupants(roomId)) > 0, "both keys expire together");

        rooms.saveOccupant(roomId, ana, 1); // back in time
        assertEquals(-1, ttl(RoomKeys.room(roomId)));
        assertEquals(-1, ttl(RoomKeys.occupants(roomId)));

        rooms.removeOccupant(roomId, "ana", 0);
        awaitGone();
    }

    @Test
    void anEndedRoomKeepsOnlyItsMarkerForAWhile() {
        rooms.create(new Room(roomId, "Ending", Instant.now()));
        rooms.saveOccupant(roomId, Occupant.arriving("ana", "Ana", true, false, null), 1);
        Instant endedAt = Instant.parse("2026-11-24T09:00:00Z");
        rooms.end(roomId, endedAt);
        Room ended = rooms.find(roomId).orElseThrow();
        assertTrue(ended.isEnded());
        assertEquals(endedAt, ended.endedAt());
        assertEquals(0, rooms.occupancyCount(roomId));
        assertFalse(redis.getKeys().countExists(RoomKeys.occupants(roomId)) > 0);
        long ttl = ttl(RoomKeys.room(roomId));
        assertTrue(ttl > EMPTY_TTL.toMillis() && ttl <= ENDED_TTL.toMillis(), "ttl " + ttl);
    }

    @Test
    void tooShortExpiriesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RedisRoomRepository(redis, Duration.ZERO, ENDED_TTL));
        assertThrows(IllegalArgumentException.class, () -> new RedisRoomRepository(redis, EMPTY_TTL, Duration.ofMillis(10)));
    }

    private long ttl(String key) {
        return redis.getMap(key).remainTimeToLive();
    }

    private void awaitGone() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (redis.getKeys().countExists(RoomKeys.room(roomId), RoomKeys.occupants(roomId)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the room's keys are still in Redis after " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }
}
