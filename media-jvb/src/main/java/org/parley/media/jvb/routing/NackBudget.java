package org.parley.media.jvb.routing;

/**
 * How many lost packets one subscriber may ask to be resent: {@link #PER_SECOND} on average, in bursts of as many
 * (far above what a badly lossy camera link needs: a 2.5 Mbit/s camera sends about 250 packets a second). Past it,
 * NACKs are ignored and counted, so a hostile subscriber cannot turn the server's cache into a traffic amplifier. Only
 * that subscriber's receive thread spends it: no lock, no allocation.
 */
final class NackBudget {

    static final int PER_SECOND = 1_000;
    private static final long NANOS_PER_PACKET = 1_000_000_000L / PER_SECOND;
    private static final long CAPACITY = PER_SECOND * NANOS_PER_PACKET;

    /** The budget as a time: each packet moves it on; it may run at most {@link #CAPACITY} behind now. */
    private long spentUntil = Long.MIN_VALUE / 2;

    boolean take(long nowNanos) {
        long from = Math.max(spentUntil, nowNanos - CAPACITY);
        if (from + NANOS_PER_PACKET > nowNanos) {
            return false;
        }
        spentUntil = from + NANOS_PER_PACKET;
        return true;
    }
}
