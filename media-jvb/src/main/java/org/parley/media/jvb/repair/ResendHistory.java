package org.parley.media.jvb.repair;

/**
 * What the server resent to one subscriber lately, so that a NACK repeated before the retransmission could arrive,
 * or a storm of them, costs one retransmission per packet per {@link #MIN_INTERVAL_NANOS}, and
 * {@value #MAX_RESENDS} in all. A ring as large as the packet cache, by sequence number, so every packet that can be
 * resent has a slot of its own; only packets actually resent are recorded (a NACK for what the cache does not hold
 * overwrites nothing). The subscriber's receive thread only (where its NACKs arrive).
 */
public final class ResendHistory {

    static final int SLOTS = PacketCache.SLOTS;
    /** Shorter than a round trip on any link a person talks over, longer than a NACK sent twice in one go. */
    static final long MIN_INTERVAL_NANOS = 50_000_000L;
    static final int MAX_RESENDS = 4;

    /** Sequence number + 1 per slot, 0 when empty. */
    private final int[] sequences = new int[SLOTS];
    private final long[] lastNanos = new long[SLOTS];
    private final byte[] resends = new byte[SLOTS];

    /** Whether packet {@code sequence} may be resent now. */
    public boolean allows(int sequence, long nowNanos) {
        int slot = sequence & (SLOTS - 1);
        return sequences[slot] != sequence + 1
                || nowNanos - lastNanos[slot] >= MIN_INTERVAL_NANOS && resends[slot] < MAX_RESENDS;
    }

    /** Packet {@code sequence} was resent now. */
    public void resent(int sequence, long nowNanos) {
        int slot = sequence & (SLOTS - 1);
        if (sequences[slot] == sequence + 1) {
            resends[slot]++;
        } else {
            sequences[slot] = sequence + 1;
            resends[slot] = 1;
        }
        lastNanos[slot] = nowNanos;
    }
}
