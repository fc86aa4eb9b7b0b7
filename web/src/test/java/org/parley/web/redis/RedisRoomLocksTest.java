package org.parley.web.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Room locks in the machine's Redis, as two signalling processes use them: many threads of each wanting the same
 * room at once still take turns one at a time, and nothing is left behind, here or in Redis.
 */
class RedisRoomLocksTest {

    private static final int THREADS_PER_PROCESS = 24;
    private static final int TURNS_PER_THREAD = 5;
    private static RedissonClient processA;
    private static RedissonClient processB;

    @BeforeAll
    static void connect() {
        processA = RedisConnection.connectTo("redis://127.0.0.1:6379");
        processB = RedisConnection.connectTo("redis://127.0.0.1:6379");
    }

    @AfterAll
    static void disconnect() {
        processA.shutdown();
        processB.shutdown();
    }

    @Test
    void threadsOfTwoProcessesTakeTheRoomOneAtATimeAndLeaveNothingBehind() throws Exception {
        String roomId = "locks-test-" + UUID.randomUUID();
        RedisRoomLocks locksA = new RedisRoomLocks(processA);
        RedisRoomLocks locksB = new RedisRoomLocks(processB);
        String counterKey = "parley:test:" + roomId;
        RBucket<Long> counter = processA.getBucket(counterKey, LongCodec.INSTANCE);
        counter.set(0L);
        ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_PROCESS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 2 * THREADS_PER_PROCESS; i++) {
                RedisRoomLocks locks = i % 2 == 0 ? locksA : locksB;
                RedissonClient redis = i % 2 == 0 ? processA : processB;
                results.add(threads.submit(() -> {
                    for (int turn = 0; turn < TURNS_PER_THREAD; turn++) {
                        locks.inRoom(roomId, () -> {
                            // read, then write: two holders at once would lose an increment
                            RBucket<Long> shared = redis.getBucket(counterKey, LongCodec.INSTANCE);
                            shared.set(shared.get() + 1);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(2L * THREADS_PER_PROCESS * TURNS_PER_THREAD, counter.get(), "no turn overlapped another");
        assertEquals(0, locksA.roomsInUse());
        assertEquals(0, locksB.roomsInUse());
        assertFalse(processA.getLock(RoomKeys.lock(roomId)).isLocked(), "the room's lock is free in Redis");
        counter.delete();
    }
}
