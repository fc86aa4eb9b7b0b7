package org.parley.media.jvb.transport;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Server-side consent freshness in the spirit of RFC 7675: remembers when the peer last proved it is there (an
 * authenticated STUN request or a packet that decrypted) and, while the transport is connected, calls
 * {@code onExpired} once nothing arrived for the timeout. Checked by a timer, so the packet path only writes a time.
 */
final class ConsentMonitor {

    private final Duration timeout;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile ScheduledFuture<?> sweep;

    ConsentMonitor(Duration timeout) {
        this.timeout = timeout;
    }

    /** Packet path and STUN threads: the peer is there. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Starts checking (idempotent, control path) every fifth of the timeout, at most every 0.5 s.
     *
     * @param connected whether the transport is connected now (only then can consent expire)
     * @param onExpired called on the timer thread when consent expired while connected
     */
    void start(ScheduledExecutorService timers, BooleanSupplier connected, Runnable onExpired) {
        if (sweep != null) {
            return;
        }
        long limit = timeout.toNanos();
        long period = Math.max(50, Math.min(500, timeout.toMillis() / 5));
        try {
            sweep = timers.scheduleAtFixedRate(() -> {
                if (connected.getAsBoolean() && System.nanoTime() - lastHeardNanos > limit) {
                    onExpired.run();
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the factory is closing
        }
    }

    void stop() {
        ScheduledFuture<?> task = sweep;
        if (task != null) {
            task.cancel(false);
        }
    }
}
