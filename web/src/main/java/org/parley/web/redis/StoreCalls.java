package org.parley.web.redis;

import java.util.function.Supplier;
import org.parley.web.room.StoreUnavailableException;
import org.redisson.client.RedisException;

/** Runs Redis calls, turning "Redis cannot be reached" into the room layer's {@link StoreUnavailableException}. */
final class StoreCalls {

    private StoreCalls() {}

    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (RedisException e) {
            throw new StoreUnavailableException(e);
        }
    }

    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
