package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.web.room.RoomLocks;
import org.parley.web.room.StoreUnavailableException;
import org.redisson.client.RedisException;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/** One Redisson lock per room, so joins in different rooms never wait for each other. */
@ApplicationScoped
public class RedisRoomLocks implements RoomLocks {

    private static final Logger LOG = Logger.getLogger(RedisRoomLocks.class.getName());

    /** Joins queue behind each other for at most this long before the client is told to retry. */
    private static final long WAIT_SECONDS = 10;
    /** A process that dies holding the lock blocks its room for at most this long. */
    private static final long LEASE_SECONDS = 15;

    private final RedissonClient redis;

    protected RedisRoomLocks() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisRoomLocks(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public <T> T inRoom(String roomId, Locked<T> work) throws ProtocolException {
        RLock lock = redis.getLock(RoomKeys.lock(roomId));
        boolean locked;
        try {
            locked = lock.tryLock(WAIT_SECONDS, LEASE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (RedisException e) {
            throw new StoreUnavailableException(e);
        }
        if (!locked) {
            throw busy();
        }
        try {
            return work.run();
        } finally {
            // After an overlong hold the lease has expired and the lock may be someone else's by now.
            unlock(lock);
        }
    }

    private static void unlock(RLock lock) {
        try {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        } catch (RedisException e) {
            // Redis went away mid-work: the lease frees the lock when it comes back; the work's own outcome stands.
            LOG.log(Level.FINE, "Unlocking a room failed", e);
        }
    }

    private static ProtocolException busy() {
        return new ProtocolException(ErrorCode.INTERNAL_ERROR, "The room is busy; try again in a moment.");
    }
}
