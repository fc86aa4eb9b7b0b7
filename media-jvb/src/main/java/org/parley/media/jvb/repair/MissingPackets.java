package org.parley.media.jvb.repair;

import java.util.concurrent.atomic.AtomicLongArray;
import org.parley.media.jvb.rtp.Bytes;

/**
 * What never arrived of one received stream, so that the server asks its publisher again (NACK, RFC 4585 §6.2.1) on
 * its own behalf: a loss on the publisher's link is repaired once for every subscriber, before any of them notices.
 *
 * <p>A gap in the sequence numbers marks each packet in it missing; a missing packet is asked for at once, again
 * every {@link #RETRY_NANOS} up to {@value #MAX_REQUESTS} times, and forgotten when it arrives (late, or as a
 * retransmission) or after the last request. A gap wider than {@value #MAX_GAP} is a restart or a long outage that a
 * key frame serves better than hundreds of retransmissions. A ring of {@value #SLOTS} atomic slots (the sequence
 * number, the requests made and when the last was) written by the publisher's receive thread and the feedback timer,
 * without locks or allocation.
 */
public final class MissingPackets {

    static final int SLOTS = 256;
    static final int MAX_GAP = 100;
    static final int MAX_REQUESTS = 3;
    /** About a round trip to a publisher far away; a retransmission takes at least one. */
    static final long RETRY_NANOS = 100_000_000L;
    /** NACK entries one request holds at most. */
    public static final int MAX_ENTRIES = 64;

    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
    /** The highest sequence number seen, or -1 before the first. Written by the receive thread. */
    private volatile int highest = -1;
    private volatile boolean anyMissing;

    /**
     * The publisher's receive thread: media packet {@code sequence} arrived.
     *
     * @return how many packets it revealed missing, to ask for now (0: none)
     */
    public int onArrival(int sequence) {
        int last = highest;
        if (last < 0) {
            highest = sequence;
            return 0;
        }
        int ahead = (sequence - last) & 0xFFFF;
        if (ahead == 0) {
            return 0;
        }
        if (ahead >= 0x8000) {
            repaired(sequence); // late, out of order: no longer missing
            return 0;
        }
        highest = sequence;
        if (ahead == 1 || ahead > MAX_GAP) {
            return 0;
        }
        for (int i = 1; i < ahead; i++) {
            int lost = (last + i) & 0xFFFF;
            slots.set(lost & (SLOTS - 1), entry(lost, 0, 0));
        }
        anyMissing = true;
        return ahead - 1;
    }

    /**
     * The publisher's receive thread: a retransmission of {@code sequence} arrived.
     *
     * @return whether it was missing (a repair the subscribers need), false when it was not asked for or came already
     */
    public boolean repaired(int sequence) {
        int slot = sequence & (SLOTS - 1);
        while (true) {
            long current = slots.get(slot);
            if (current == 0 || sequenceOf(current) != sequence) {
                return false;
            }
            if (slots.compareAndSet(slot, current, 0)) {
                return true;
            }
        }
    }

    /**
     * Writes the NACK entries (packet id and bitmask of the next sixteen) for the missing packets due for a request,
     * from the oldest, and counts them as requested.
     *
     * @return the entries written, at most {@link #MAX_ENTRIES}
     */
    public int writeDueRequests(byte[] target, int offset, long nowNanos) {
        int top = highest;
        if (!anyMissing || top < 0) {
            return 0;
        }
        int now = (int) (nowNanos / 1_000_000L);
        int entries = 0;
        int packetId = -1;
        int mask = 0;
        boolean pending = false;
        for (int back = SLOTS - 1; back >= 1; back--) {
            int sequence = (top - back) & 0xFFFF;
            if (!takeIfDue(sequence, now)) {
                continue;
            }
            pending = true;
            int distance = packetId < 0 ? 0 : (sequence - packetId) & 0xFFFF;
            if (packetId >= 0 && distance <= 16) {
                mask |= 1 << (distance - 1);
                continue;
            }
            if (packetId >= 0) {
                writeEntry(target, offset, entries++, packetId, mask);
                if (entries == MAX_ENTRIES) {
                    return entries;
                }
            }
            packetId = sequence;
            mask = 0;
        }
        if (packetId >= 0) {
            writeEntry(target, offset, entries++, packetId, mask);
        }
        anyMissing = pending || stillMissing();
        return entries;
    }

    /** Whether {@code sequence} is missing and due for a request: if so, counts the request (or gives up on it). */
    private boolean takeIfDue(int sequence, int nowMillis) {
        int slot = sequence & (SLOTS - 1);
        while (true) {
            long current = slots.get(slot);
            if (current == 0 || sequenceOf(current) != sequence) {
                return false;
            }
            int requests = requestsOf(current);
            if (requests > 0 && nowMillis - (int) current < RETRY_NANOS / 1_000_000L) {
                return false;
            }
            long next = requests >= MAX_REQUESTS ? 0 : entry(sequence, requests + 1, nowMillis);
            if (slots.compareAndSet(slot, current, next)) {
                return next != 0;
            }
        }
    }

    private boolean stillMissing() {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static void writeEntry(byte[] target, int offset, int index, int packetId, int mask) {
        Bytes.writeShort(target, offset + index * 4, packetId);
        Bytes.writeShort(target, offset + index * 4 + 2, mask);
    }

    private static long entry(int sequence, int requests, int lastRequestMillis) {
        return ((long) (requests << 17 | (sequence + 1)) << 32) | (lastRequestMillis & 0xFFFF_FFFFL);
    }

    private static int sequenceOf(long entry) {
        return ((int) (entry >>> 32) & 0x1_FFFF) - 1;
    }

    private static int requestsOf(long entry) {
        return (int) (entry >>> 49);
    }
}
