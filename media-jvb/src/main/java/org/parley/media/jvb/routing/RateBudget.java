package org.parley.media.jvb.routing;

/**
 * A budget of units (packets, bytes) per second, in bursts of one second's worth: what one participant may ask of or
 * send to the server. Past it the caller drops and counts. Only that participant's receive thread spends it: no lock,
 * no allocation.
 */
final class RateBudget {

    /** A subscriber's NACKed packets: far above what a lossy camera link needs (2.5 Mbit/s is ~250 packets/s). */
    static final long NACKED_PACKETS_PER_SECOND = 1_000;
    /** A publisher's RTP bytes, 25 Mbit/s: three camera layers, a screen and a microphone need under 10. */
    static final long INCOMING_BYTES_PER_SECOND = 25_000_000L / 8;

    private static final long SECOND = 1_000_000_000L;

    private final long nanosPerUnit;
    /** The budget as a time: spending moves it on; it may run at most a second behind now. */
    private long spentUntil = Long.MIN_VALUE / 2;

    RateBudget(long perSecond) {
        this.nanosPerUnit = SECOND / perSecond;
    }

    /** Takes {@code units} from the budget; false (nothing taken) when they do not fit. */
    boolean take(long units, long nowNanos) {
        long from = Math.max(spentUntil, nowNanos - SECOND);
        long until = from + units * nanosPerUnit;
        if (until > nowNanos) {
            return false;
        }
        spentUntil = until;
        return true;
    }
}
