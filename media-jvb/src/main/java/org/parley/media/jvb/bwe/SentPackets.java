package org.parley.media.jvb.bwe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every packet sent on one transport under a transport-wide sequence number: when and how large, kept for the
 * feedback that will say when it arrived. Sends come from several publishers' receive threads at once, so numbers are
 * taken atomically and each record is one atomic long (send time in microseconds, size in bytes).
 */
public final class SentPackets {

    /** Packets remembered: a few seconds at any rate a meeting sends. */
    static final int HISTORY = 8192;
    private static final int SIZE_BITS = 16;

    private final long originNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray records = new AtomicLongArray(HISTORY);
    private final AtomicLongArray sequences = new AtomicLongArray(HISTORY);

    public SentPackets(long originNanos) {
        this.originNanos = originNanos;
    }

    /** Takes the next transport-wide sequence number for a packet of {@code size} bytes sent now. Packet path. */
    public int send(int size, long nowNanos) {
        int sequence = next.getAndIncrement() & 0xFFFF;
        int slot = sequence % HISTORY;
        long micros = (nowNanos - originNanos) / 1000;
        sequences.setRelease(slot, sequence);
        records.setRelease(slot, micros << SIZE_BITS | Math.min(size, 0xFFFF));
        return sequence;
    }

    /** When {@code sequence} was sent (nanoseconds since origin), or -1 when it is not remembered. */
    public long sendNanos(int sequence) {
        int slot = (sequence & 0xFFFF) % HISTORY;
        long record = records.getAcquire(slot);
        return sequences.getAcquire(slot) == (sequence & 0xFFFF) && record != 0 ? (record >>> SIZE_BITS) * 1000 : -1;
    }

    /** Its size in bytes (0 when not remembered). */
    public int size(int sequence) {
        int slot = (sequence & 0xFFFF) % HISTORY;
        return sequences.getAcquire(slot) == (sequence & 0xFFFF) ? (int) (records.getAcquire(slot) & 0xFFFF) : 0;
    }
}
