package org.parley.media.jvb.rtcp;

import org.parley.media.jvb.rtp.Bytes;

/**
 * What the server received of one publisher's stream, for the report block it sends back (RFC 3550 §6.4.1 and
 * appendix A): loss since the last report and in all, the highest sequence number, interarrival jitter, and the
 * last sender report's time. The publisher's encoder adapts to the link it actually uses, the one to the server,
 * whatever its subscribers' links are like.
 *
 * <p>Updated on the publisher's receive thread, read by the reporting task: one uncontended lock per stream.
 */
public final class ReceptionStatistics {

    /** A sequence number this far ahead is a jump (a restarted stream), not loss (RFC 3550 A.1's MAX_DROPOUT). */
    private static final int MAX_DROPOUT = 3000;

    private final long clockRate;
    private boolean started;
    private int baseSequence;
    private int maxSequence;
    private int cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    /** Interarrival jitter times 16 (RFC 3550 A.8). */
    private int jitter;
    private int lastTransit;
    private int lastSenderReportNtp;
    private long lastSenderReportNanos;

    public ReceptionStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** One packet of the stream arrived. */
    public synchronized void onPacket(int sequence, int rtpTimestamp, long arrivalNanos) {
        int transit = (int) (arrivalNanos * clockRate / 1_000_000_000L) - rtpTimestamp;
        if (!started) {
            started = true;
            baseSequence = sequence;
            maxSequence = sequence;
            lastTransit = transit;
            received = 1;
            return;
        }
        int ahead = (sequence - maxSequence) & 0xFFFF;
        if (ahead > 0 && ahead < MAX_DROPOUT) {
            if (sequence < maxSequence) {
                cycles += 0x10000;
            }
            maxSequence = sequence;
        }
        received++;
        int difference = Math.abs(transit - lastTransit);
        lastTransit = transit;
        jitter += difference - ((jitter + 8) >> 4);
    }

    /** The stream's sender sent a report: its NTP time's middle 32 bits, for the next block's LSR and DLSR. */
    public synchronized void onSenderReport(int ntpMiddle, long arrivalNanos) {
        lastSenderReportNtp = ntpMiddle;
        lastSenderReportNanos = arrivalNanos;
    }

    /** Whether any packet arrived, so that a block can be written. */
    public synchronized boolean hasReceived() {
        return started;
    }

    /**
     * Writes the 24-byte report block about {@code ssrc} and starts the next reporting interval.
     *
     * @return the bytes written
     */
    public synchronized int writeBlock(byte[] target, int offset, int ssrc, long nowNanos) {
        long extendedMax = (cycles & 0xFFFF_FFFFL) + maxSequence;
        long expected = extendedMax - baseSequence + 1;
        long lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, expected - received));
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        Bytes.writeInt(target, offset, ssrc);
        Bytes.writeInt(target, offset + 4, (Math.min(fraction, 255) << 24) | ((int) lost & 0xFF_FFFF));
        Bytes.writeInt(target, offset + 8, (int) extendedMax);
        Bytes.writeInt(target, offset + 12, jitter >> 4);
        Bytes.writeInt(target, offset + 16, lastSenderReportNtp);
        long delay = lastSenderReportNanos == 0 ? 0 : (nowNanos - lastSenderReportNanos) * 65_536 / 1_000_000_000L;
        Bytes.writeInt(target, offset + 20, lastSenderReportNtp == 0 ? 0 : (int) delay);
        return RtcpReports.BLOCK_LENGTH;
    }
}
