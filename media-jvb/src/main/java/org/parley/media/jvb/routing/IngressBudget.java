package org.parley.media.jvb.routing;

/**
 * How much media one participant may send: {@link #BITS_PER_SECOND} on average, in bursts of a second's worth (three
 * camera layers, a screen and a microphone need under 10 Mbit/s). Past it, their RTP is dropped before anything else
 * is done with it and counted; their browser's bandwidth estimate sees the loss and sends less. Only that
 * participant's receive thread spends it: no lock, no allocation.
 */
final class IngressBudget {

    static final long BITS_PER_SECOND = 25_000_000L;
    private static final long BYTES_PER_SECOND = BITS_PER_SECOND / 8;

    /** The budget as a time in nanoseconds: sending moves it on; it may run at most a second behind now. */
    private long spentUntil = Long.MIN_VALUE / 2;

    boolean take(int bytes, long nowNanos) {
        long from = Math.max(spentUntil, nowNanos - 1_000_000_000L);
        long cost = bytes * 1_000_000_000L / BYTES_PER_SECOND;
        if (from + cost > nowNanos) {
            return false;
        }
        spentUntil = from + cost;
        return true;
    }
}
