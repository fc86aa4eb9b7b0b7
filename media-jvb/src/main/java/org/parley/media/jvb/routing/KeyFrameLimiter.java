package org.parley.media.jvb.routing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most one key frame request per interval reach a publisher: every subscriber that joins or loses packets
 * asks, but one key frame serves them all, and each one costs the publisher a burst of bitrate.
 */
final class KeyFrameLimiter {

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final LongSupplier nanoClock;
    private final long intervalNanos;
    /** When the last request passed; the first request always passes. */
    private final AtomicLong lastPassed;

    KeyFrameLimiter(LongSupplier nanoClock, long intervalNanos) {
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.lastPassed = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /** True when a request may be sent now (and counts it as sent). Lock-free; safe from any thread. */
    boolean tryPass() {
        long now = nanoClock.getAsLong();
        long last = lastPassed.get();
        return now - last >= intervalNanos && lastPassed.compareAndSet(last, now);
    }
}
