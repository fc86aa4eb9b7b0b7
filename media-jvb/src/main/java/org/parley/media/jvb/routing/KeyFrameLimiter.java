package org.parley.media.jvb.routing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most one key frame request per interval reach a publisher: every subscriber that joins or loses packets
 * asks, but one key frame serves them all, and each one costs the publisher a burst of bitrate.
 * <p>
 * A request held back inside the interval is not forgotten: when the interval ends, one request is sent on its
 * behalf (a trailing edge), so a subscriber that joins just after another waits one interval for its key frame, not
 * until its own decoder gives up and asks again. Lock-free; only a held-back request that finds none pending
 * schedules anything, so at most one task per producer per interval.
 */
final class KeyFrameLimiter {

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final Delayer delayer;
    private final Runnable sendTrailing;
    /** Made once, so scheduling allocates nothing of ours. */
    private final Runnable trailingEdge = this::trailingEdge;
    /** When the last request passed; the first request always passes. */
    private final AtomicLong lastPassed;
    private final AtomicBoolean trailingPending = new AtomicBoolean();

    /** @param sendTrailing sends a key frame request at the end of an interval in which some were held back */
    KeyFrameLimiter(LongSupplier nanoClock, long intervalNanos, Delayer delayer, Runnable sendTrailing) {
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.delayer = delayer;
        this.sendTrailing = sendTrailing;
        this.lastPassed = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /**
     * True when a request may be sent now (and counts it as sent). False when one passed within the interval: then
     * a request goes out when the interval ends, unless one is already due.
     */
    boolean tryPass() {
        long now = nanoClock.getAsLong();
        long last = lastPassed.get();
        if (now - last >= intervalNanos && lastPassed.compareAndSet(last, now)) {
            return true;
        }
        if (trailingPending.compareAndSet(false, true)) {
            long wait = lastPassed.get() + intervalNanos - now;
            delayer.runAfter(Math.max(0, wait), trailingEdge);
        }
        return false;
    }

    private void trailingEdge() {
        long now = nanoClock.getAsLong();
        long last = lastPassed.get();
        // If a request passed since this was scheduled, it already serves the held-back ones.
        boolean send = now - last >= intervalNanos && lastPassed.compareAndSet(last, now);
        // Cleared after lastPassed moved: a request arriving in between is served by the one sent now.
        trailingPending.set(false);
        if (send) {
            sendTrailing.run();
        }
    }
}
