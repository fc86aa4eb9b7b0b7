package org.parley.media.jvb.rtcp;

import org.parley.media.jvb.rtp.Bytes;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): which
 * transport-wide sequence numbers arrived, and when, in 250 µs steps. The server writes it to publishers about what
 * reached it, and reads it from subscribers about what reached them.
 *
 * <pre>
 *  header (FMT 15, PT 205) | sender SSRC | media SSRC
 *  base sequence number (16) | packet status count (16)
 *  reference time (24, signed, 64 ms units) | feedback packet count (8)
 *  packet chunks (16 bits each), then receive deltas (1 byte, or 2 signed), padded to 32 bits
 * </pre>
 */
public final class TransportFeedback {

    public static final int FMT = 15;
    /** Status symbols. */
    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;

    private static final long TICK_NANOS = 250_000L;
    private static final long REFERENCE_NANOS = 64_000_000L;
    private static final int HEADER = 20;

    private TransportFeedback() {
    }

    /** Receives what one feedback packet says, packet by packet. */
    @FunctionalInterface
    public interface Reader {
        /** @param arrivalNanos in the feedback's own time base (only differences mean anything); unused when lost */
        void packet(int sequence, boolean received, long arrivalNanos);
    }

    /**
     * Writes feedback on {@code count} packets from {@code baseSequence}: {@code arrivalNanos[i]} is when packet
     * {@code baseSequence + i} arrived, or a negative value when it did not. Uses 2-bit status vectors throughout and
     * run lengths for runs of 14 and more.
     *
     * @return the bytes written, or -1 when it does not fit {@code maxLength} or a delta does not fit 16 bits
     */
    public static int write(byte[] target, int offset, int maxLength, int senderSsrc, int mediaSsrc, int baseSequence,
                            long[] arrivalNanos, int count, int feedbackCount) {
        int[] symbols = SYMBOLS.get();
        long[] deltas = DELTAS.get();
        if (count > symbols.length) {
            return -1;
        }
        long firstArrival = -1;
        for (int i = 0; i < count && firstArrival < 0; i++) {
            firstArrival = arrivalNanos[i];
        }
        long referenceTicks = firstArrival < 0 ? 0 : Math.floorDiv(firstArrival, REFERENCE_NANOS);
        long previous = referenceTicks * REFERENCE_NANOS;
        for (int i = 0; i < count; i++) {
            if (arrivalNanos[i] < 0) {
                symbols[i] = NOT_RECEIVED;
                continue;
            }
            long delta = Math.floorDiv(arrivalNanos[i] - previous, TICK_NANOS);
            if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                return -1;
            }
            previous += delta * TICK_NANOS; // the receiver adds up the rounded deltas: so must the writer
            deltas[i] = delta;
            symbols[i] = delta >= 0 && delta <= 0xFF ? SMALL_DELTA : LARGE_DELTA;
        }
        Bytes.writeInt(target, offset + 4, senderSsrc);
        Bytes.writeInt(target, offset + 8, mediaSsrc);
        Bytes.writeShort(target, offset + 12, baseSequence);
        Bytes.writeShort(target, offset + 14, count);
        Bytes.writeInt(target, offset + 16, (int) (referenceTicks & 0xFF_FFFF) << 8 | feedbackCount & 0xFF);
        int at = offset + HEADER;
        int end = offset + maxLength;
        for (int i = 0; i < count; ) {
            int run = 1;
            while (i + run < count && run < 0x1FFF && symbols[i + run] == symbols[i]) {
                run++;
            }
            if (at + 2 > end) {
                return -1;
            }
            if (run >= 14) {
                Bytes.writeShort(target, at, symbols[i] << 13 | run);
                i += run;
            } else {
                int chunk = 0xC000;
                for (int k = 0; k < 7 && i + k < count; k++) {
                    chunk |= symbols[i + k] << (12 - 2 * k);
                }
                Bytes.writeShort(target, at, chunk);
                i += 7;
            }
            at += 2;
        }
        for (int i = 0; i < count; i++) {
            if (symbols[i] == SMALL_DELTA) {
                if (at + 1 > end) {
                    return -1;
                }
                target[at++] = (byte) deltas[i];
            } else if (symbols[i] == LARGE_DELTA) {
                if (at + 2 > end) {
                    return -1;
                }
                Bytes.writeShort(target, at, (int) deltas[i]);
                at += 2;
            }
        }
        while ((at - offset) % 4 != 0) {
            if (at >= end) {
                return -1;
            }
            target[at++] = 0;
        }
        RtcpHeader.write(target, offset, FMT, RtcpHeader.RTPFB, at - offset);
        return at - offset;
    }

    /**
     * Reads one feedback packet at {@code packet} (a valid RTCP packet of type RTPFB, format 15).
     *
     * @return false when it is malformed (then {@code reader} may have heard part of it)
     */
    public static boolean read(byte[] buffer, int packet, Reader reader) {
        int length = RtcpHeader.lengthInBytes(buffer, packet);
        if (length < HEADER) {
            return false;
        }
        int base = Bytes.readShort(buffer, packet + 12);
        int count = Bytes.readShort(buffer, packet + 14);
        int reference = Bytes.readInt(buffer, packet + 16) >> 8; // signed 24 bits
        int end = packet + length;
        int[] symbols = SYMBOLS.get();
        if (count > symbols.length) {
            return false;
        }
        int at = packet + HEADER;
        int known = 0;
        while (known < count) {
            if (at + 2 > end) {
                return false;
            }
            int chunk = Bytes.readShort(buffer, at);
            at += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >>> 13) & 0x3;
                int run = Math.min(chunk & 0x1FFF, count - known);
                for (int k = 0; k < run; k++) {
                    symbols[known++] = symbol;
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int k = 0; k < 14 && known < count; k++) {
                    symbols[known++] = (chunk >>> (13 - k)) & 0x1;
                }
            } else {
                for (int k = 0; k < 7 && known < count; k++) {
                    symbols[known++] = (chunk >>> (12 - 2 * k)) & 0x3;
                }
            }
        }
        long arrival = reference * REFERENCE_NANOS;
        for (int k = 0; k < count; k++) {
            int symbol = symbols[k];
            if (symbol == SMALL_DELTA) {
                if (at + 1 > end) {
                    return false;
                }
                arrival += (buffer[at++] & 0xFF) * TICK_NANOS;
            } else if (symbol == LARGE_DELTA) {
                if (at + 2 > end) {
                    return false;
                }
                arrival += (short) Bytes.readShort(buffer, at) * TICK_NANOS;
                at += 2;
            } else if (symbol != NOT_RECEIVED) {
                return false;
            }
            reader.packet((base + k) & 0xFFFF, symbol != NOT_RECEIVED, arrival);
        }
        return true;
    }

    /** Status symbols and deltas of the packet being read or written; one names at most this many packets. */
    private static final ThreadLocal<int[]> SYMBOLS = ThreadLocal.withInitial(() -> new int[1 << 14]);
    private static final ThreadLocal<long[]> DELTAS = ThreadLocal.withInitial(() -> new long[1 << 14]);
}
