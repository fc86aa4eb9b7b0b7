package org.parley.media.jvb.routing;

import java.util.concurrent.atomic.AtomicLongArray;
import org.parley.media.jvb.rtcp.RtcpFeedback;

/**
 * The sequence numbers one consumer NACKed recently, so that the publisher's retransmission (RTX) of a packet goes
 * to the subscribers that asked for it and to no one else: one lossy downlink must not double everyone's.
 *
 * <p>A ring of {@value #SLOTS} slots indexed by the sequence number's low bits; a slot holds the full sequence number
 * and a deadline. A request is answered once (the slot is cleared), forgotten after {@link #LIFETIME_MILLIS}, or
 * overwritten by a later request that lands on the same slot. Written on the subscriber's receive thread (its NACK),
 * read on the publisher's (the RTX): each slot is one atomic long, so neither side locks or allocates.
 */
final class RetransmissionRequests {

    static final int SLOTS = 256;
    /** Longer than any useful round trip: a retransmission later than this arrives after the jitter buffer gave up. */
    static final long LIFETIME_MILLIS = 1_000;

    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    /** Records every sequence number a valid NACK packet at {@code packet} asks for. */
    void recordNack(byte[] buffer, int packet, long nowNanos) {
        int deadline = (int) (nowNanos / 1_000_000L + LIFETIME_MILLIS);
        int entries = RtcpFeedback.nackEntryCount(buffer, packet);
        for (int i = 0; i < entries; i++) {
            int packetId = RtcpFeedback.nackPacketId(buffer, packet, i);
            record(packetId, deadline);
            int lost = RtcpFeedback.nackLostBitmask(buffer, packet, i);
            for (int bit = 0; lost != 0; bit++, lost >>>= 1) {
                if ((lost & 1) != 0) {
                    record((packetId + bit + 1) & 0xFFFF, deadline);
                }
            }
        }
    }

    /** Forgets every request (they were in the numbers of a layer no longer forwarded). */
    void clear() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, 0);
        }
    }

    /** Whether the consumer asked for {@code sequenceNumber} and has not had it yet; answers each request once. */
    boolean take(int sequenceNumber, long nowNanos) {
        int slot = sequenceNumber & (SLOTS - 1);
        long entry = slots.get(slot);
        if (entry == 0 || (int) (entry >>> 32) != sequenceNumber + 1) {
            return false;
        }
        int deadline = (int) entry;
        if (deadline - (int) (nowNanos / 1_000_000L) < 0) {
            return false;
        }
        return slots.compareAndSet(slot, entry, 0);
    }

    private void record(int sequenceNumber, int deadlineMillis) {
        slots.set(sequenceNumber & (SLOTS - 1), ((long) (sequenceNumber + 1) << 32) | (deadlineMillis & 0xFFFF_FFFFL));
    }
}
