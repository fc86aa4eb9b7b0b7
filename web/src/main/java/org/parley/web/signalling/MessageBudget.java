package org.parley.web.signalling;

import java.util.function.LongSupplier;

/**
 * How many messages one socket may send: {@code perSecond} on average, with bursts of twice that (a page trickling
 * its ICE candidates sends a few dozen at once; see {@link SignallingLimits}). A socket past its budget is closed (1008): a flood costs the server
 * nothing more than that socket. One socket's messages arrive one at a time, so no lock is needed.
 */
final class MessageBudget {

    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier clock;
    private final long nanosPerMessage;
    private final long capacity;
    /** The budget as a time: spending a message moves it on; it may run at most {@code capacity} behind now. */
    private long spentUntil;

    /** @param perSecond at least 1 ({@link SignallingLimits} checks the setting) */
    MessageBudget(int perSecond, LongSupplier clock) {
        this.clock = clock;
        this.nanosPerMessage = SECOND / perSecond;
        this.capacity = 2L * perSecond * nanosPerMessage;
        this.spentUntil = clock.getAsLong() - capacity;
    }

    /** Takes one message from the budget; false when there is none left. */
    boolean spend() {
        long now = clock.getAsLong();
        long from = Math.max(spentUntil, now - capacity);
        if (from + nanosPerMessage > now) {
            return false;
        }
        spentUntil = from + nanosPerMessage;
        return true;
    }
}
