package org.parley.media.jvb.repair;

import java.util.Arrays;

/**
 * What the server resent to one subscriber lately, so that a NACK repeated before the retransmission could arrive,
 * or a storm of them, costs one retransmission per packet per {@link #MIN_INTERVAL_NANOS}, and
 * {@value #MAX_RESENDS} in all. A ring of {@value #SLOTS} slots by sequence number; the subscriber's receive thread
 * only (where its NACKs arrive).
 */
public final class ResendHistory {

    static final int SLOTS = 256;
    /** Shorter than a round trip on any link a person talks over, longer than a NACK sent twice in one go. */
    static final long MIN_INTERVAL_NANOS = 50_000_000L;
    static final int MAX_RESENDS = 4;

    /** Sequence number + 1 per slot, 0 when empty. */
    private final int[] sequences = new int[SLOTS];
    private final long[] lastNanos = new long[SLOTS];
    private final byte[] resends = new byte[SLOTS];

    /** Whether packet {@code sequence} may be resent now; if so, counts it as resent. */
    public boolean admit(int sequence, long nowNanos) {
        int slot = sequence & (SLOTS - 1);
        if (sequences[slot] == sequence + 1) {
            if (nowNanos - lastNanos[slot] < MIN_INTERVAL_NANOS || resends[slot] >= MAX_RESENDS) {
                return false;
            }
            resends[slot]++;
        } else {
            sequences[slot] = sequence + 1;
            resends[slot] = 1;
        }
        lastNanos[slot] = nowNanos;
        return true;
    }

    /** Forgets everything (the numbers now belong to another layer). */
    public void clear() {
        Arrays.fill(sequences, 0);
    }
}
