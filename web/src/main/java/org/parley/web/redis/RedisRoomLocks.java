package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.web.room.RoomLocks;
import org.parley.web.room.StoreUnavailableException;
import org.redisson.client.RedisException;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * One Redisson lock per room, so joins in different rooms never wait for each other. Within a process, the threads
 * that want the same room queue on a local fair lock first, so at most one of them at a time asks Redis: a turn then
 * costs one round trip to lock and one to unlock, rather than every waiter waking on each release (Redis pub/sub)
 * and trying again. In a room of a thousand joining at once that is the difference between a queue and a storm.
 */
@ApplicationScoped
public class RedisRoomLocks implements RoomLocks {

    private static final Logger LOG = Logger.getLogger(RedisRoomLocks.class.getName());

    /** Joins queue behind each other for at most this long before the client is told to retry. */
    private static final long WAIT_SECONDS = 10;
    /** A process that dies holding the lock blocks its room for at most this long. */
    private static final long LEASE_SECONDS = 15;

    private final RedissonClient redis;
    private final ConcurrentHashMap<String, LocalTurns> localTurns = new ConcurrentHashMap<>();

    protected RedisRoomLocks() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisRoomLocks(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public <T> T inRoom(String roomId, Locked<T> work) throws ProtocolException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        LocalTurns turns = localTurns.compute(roomId,
                (id, existing) -> (existing == null ? new LocalTurns() : existing).join());
        try {
            if (!turns.lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw busy();
            }
            try {
                return inRedisLock(roomId, deadline, work);
            } finally {
                turns.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            localTurns.computeIfPresent(roomId, (id, existing) -> existing.leave() ? null : existing);
        }
    }

    private <T> T inRedisLock(String roomId, long deadline, Locked<T> work)
            throws ProtocolException, InterruptedException {
        RLock lock = redis.getLock(RoomKeys.lock(roomId));
        boolean locked;
        try {
            long waitNanos = Math.max(0, deadline - System.nanoTime());
            locked = lock.tryLock(waitNanos, TimeUnit.SECONDS.toNanos(LEASE_SECONDS), TimeUnit.NANOSECONDS);
        } catch (RedisException e) {
            throw new StoreUnavailableException(e);
        }
        if (!locked) {
            throw busy();
        }
        try {
            return work.run();
        } finally {
            unlock(lock);
        }
    }

    private static void unlock(RLock lock) {
        try {
            lock.unlock();
        } catch (IllegalMonitorStateException e) {
            // An overlong hold: the lease expired and the lock may be someone else's by now; theirs stays.
            LOG.log(Level.WARNING, "A room was held past its lock's lease of " + LEASE_SECONDS + " s", e);
        } catch (RedisException e) {
            // Redis went away mid-work: the lease frees the lock when it comes back; the work's own outcome stands.
            LOG.log(Level.FINE, "Unlocking a room failed", e);
        }
    }

    /** Rooms some thread of this process is in or waiting for (entries do not outlive their users). */
    int roomsInUse() {
        return localTurns.size();
    }

    /** The threads of this process that want one room's lock; the entry goes when the last of them leaves. */
    private static final class LocalTurns {
        final ReentrantLock lock = new ReentrantLock(true); // fair: joins are served in the order they came
        private int users; // changed only inside the map's compute, which serialises it

        LocalTurns join() {
            users++;
            return this;
        }

        boolean leave() {
            return --users == 0;
        }
    }

    private static ProtocolException busy() {
        return new ProtocolException(ErrorCode.INTERNAL_ERROR, "The room is busy; try again in a moment.");
    }
}
