package org.parley.bench.peer;

/**
 * The generator's mark at the end of every RTP payload: "PBT1" and the send time (System.nanoTime, one clock for
 * the whole machine). An SFU forwards payloads unchanged, so it arrives as sent.
 */
public final class Trailer {

    public static final int LENGTH = 12;
    private static final int MAGIC = 0x50425431;

    private Trailer() {}

    /** Writes the trailer at {@code end - LENGTH}. */
    public static void write(byte[] b, int end, long sendNanos) {
        int at = end - LENGTH;
        putInt(b, at, MAGIC);
        putInt(b, at + 4, (int) (sendNanos >>> 32));
        putInt(b, at + 8, (int) sendNanos);
    }

    /** The send time, or Long.MIN_VALUE when the payload carries no trailer. */
    public static long read(byte[] b, int end) {
        int at = end - LENGTH;
        if (at < 12 || Stun.readInt(b, at) != MAGIC) {
            return Long.MIN_VALUE;
        }
        return ((long) Stun.readInt(b, at + 4) << 32) | (Stun.readInt(b, at + 8) & 0xFFFF_FFFFL);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
