package org.parley.media.jvb.routing;

import java.util.Arrays;
import org.parley.media.jvb.rtcp.TransportFeedback;

/**
 * Transport-wide feedback to a publisher (the receiving end of transport-cc): when each packet, by its transport-wide
 * sequence number, reached the server. The publisher's own congestion controller reads from it how much its link to
 * the server carries, and adapts its layers to that link alone.
 *
 * <p>Arrivals are kept in a ring of {@link #WINDOW} entries, recorded on the publisher's receive thread and reported
 * every {@link #INTERVAL_NANOS} from the router's delayer (one uncontended lock per transport).
 */
final class ArrivalFeedback {

    static final long INTERVAL_NANOS = 100_000_000L;
    /** Packets one feedback covers at most; with 100 ms between feedbacks, about 8 Mbit/s of full-sized packets. */
    static final int WINDOW = 1024;

    private final long originNanos;
    /** Arrival (nanoseconds since origin) of each sequence number modulo the window; -1 for none. */
    private final long[] arrivals = new long[WINDOW];
    private final long[] toReport = new long[WINDOW];
    private final byte[] packet = new byte[2048];
    private boolean started;
    /** Unwrapped: the next sequence number to report, and one past the highest that arrived. */
    private long nextToReport;
    private long end;
    private int feedbackCount;

    ArrivalFeedback(long originNanos) {
        this.originNanos = originNanos;
        Arrays.fill(arrivals, -1);
    }

    /** Packet path: a packet with transport-wide sequence number {@code sequence} arrived. */
    synchronized void arrived(int sequence, long nowNanos) {
        long unwrapped;
        if (!started) {
            started = true;
            unwrapped = sequence;
            nextToReport = sequence;
            end = sequence + 1;
        } else {
            long last = end - 1;
            int delta = (short) (sequence - (int) last); // nearest in 16-bit arithmetic
            unwrapped = last + delta;
            if (unwrapped < nextToReport) {
                return; // already reported (or too late to matter)
            }
            if (unwrapped >= end) {
                for (long s = end; s < unwrapped; s++) {
                    arrivals[(int) (s % WINDOW)] = -1;
                }
                end = unwrapped + 1;
            }
            if (end - nextToReport > WINDOW) {
                nextToReport = end - WINDOW; // the reporter fell behind: what fell out of the window is lost to it
            }
        }
        arrivals[(int) (unwrapped % WINDOW)] = nowNanos - originNanos;
    }

    /**
     * Writes the feedback on everything since the last one into a buffer it owns.
     *
     * @param mediaSsrc one of the publisher's own SSRCs: libwebrtc takes transport-wide feedback only when it names
     *                  one (it is dropped otherwise, and the publisher's estimate then decays)
     * @return the bytes written, 0 when there is nothing new
     */
    synchronized int write(int senderSsrc, int mediaSsrc) {
        int count = (int) (end - nextToReport);
        if (!started || count <= 0) {
            return 0;
        }
        for (int i = 0; i < count; i++) {
            toReport[i] = arrivals[(int) ((nextToReport + i) % WINDOW)];
        }
        int length = TransportFeedback.write(packet, 0, packet.length, senderSsrc, mediaSsrc, (int) (nextToReport & 0xFFFF),
                toReport, count, feedbackCount);
        if (length <= 0) {
            nextToReport = end; // unreportable (a huge gap in time): start afresh
            return 0;
        }
        feedbackCount = (feedbackCount + 1) & 0xFF;
        nextToReport = end;
        return length;
    }

    /** The last feedback {@link #write} wrote. Do not keep. */
    byte[] packet() {
        return packet;
    }
}
