package org.parley.media.jvb.repair;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.RtpHeader;

/**
 * The last packets of one received stream (one simulcast layer), as they arrived, so that a subscriber's NACK is
 * answered by the server from here, at the round trip of the subscriber's own link, without asking the publisher.
 *
 * <p>A ring of {@value #SLOTS} slots indexed by the sequence number's low bits; a slot's buffer is allocated the first
 * time it is used and reused after, so memory grows with the stream's rate up to {@value #SLOTS} packets and the
 * packet path allocates nothing once warm. Packets older than {@link #MAX_AGE_NANOS} are not served: a jitter buffer
 * has given up on them. One writer (the publisher's receive thread) and any number of readers (the subscribers'
 * receive threads): each slot has a stamp that is cleared while it is written, and a reader that sees it change
 * while copying discards its copy (a sequence lock, so neither side waits).
 */
public final class PacketCache {

    static final int SLOTS = 512;
    /** Larger than any packet Parley receives (the receive buffers are this size). */
    public static final int MAX_PACKET = 1500;
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final byte[][] packets = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];
    private final long[] arrivalNanos = new long[SLOTS];
    /** Sequence number + 1 of the packet in each slot; 0 while empty or being written. */
    private final AtomicIntegerArray stamps = new AtomicIntegerArray(SLOTS);

    /** The publisher's receive thread: keeps one media packet (with its header, as received). */
    public void store(byte[] buffer, int offset, int length, long nowNanos) {
        if (length > MAX_PACKET) {
            return;
        }
        int slot = begin(RtpHeader.sequenceNumber(buffer, offset));
        System.arraycopy(buffer, offset, packets[slot], 0, length);
        finish(slot, RtpHeader.sequenceNumber(buffer, offset), length, nowNanos);
    }

    /**
     * The publisher's receive thread: keeps the packet a retransmission (RTX, RFC 4588) carries, rebuilt as the
     * original: {@code mediaSsrc}, {@code mediaPayloadType} and the original sequence number, without the two bytes
     * that held it.
     *
     * @return the original sequence number, or -1 when the packet carries none
     */
    public int storeRetransmitted(byte[] buffer, int offset, int length, int mediaSsrc, int mediaPayloadType,
                                  long nowNanos) {
        int original = RtpHeader.originalSequenceNumber(buffer, offset, length);
        int payload = RtpHeader.payloadOffset(buffer, offset, length);
        if (original < 0 || length - 2 > MAX_PACKET) {
            return -1;
        }
        int slot = begin(original);
        byte[] packet = packets[slot];
        System.arraycopy(buffer, offset, packet, 0, payload);
        System.arraycopy(buffer, offset + payload + 2, packet, payload, length - payload - 2);
        packet[1] = (byte) ((packet[1] & 0x80) | mediaPayloadType);
        Bytes.writeShort(packet, 2, original);
        Bytes.writeInt(packet, 8, mediaSsrc);
        finish(slot, original, length - 2, nowNanos);
        return original;
    }

    /**
     * Any thread: copies packet {@code sequence} into {@code target} at {@code offset}.
     *
     * @return its length, or -1 when it is not here (never arrived, overwritten, too old, or being overwritten)
     */
    public int copy(int sequence, byte[] target, int offset, long nowNanos) {
        int slot = sequence & (SLOTS - 1);
        int stamp = stamps.get(slot);
        if (stamp != sequence + 1) {
            return -1;
        }
        int length = lengths[slot];
        long arrived = arrivalNanos[slot];
        if (nowNanos - arrived > MAX_AGE_NANOS || length > target.length - offset) {
            return -1;
        }
        System.arraycopy(packets[slot], 0, target, offset, length);
        VarHandle.acquireFence(); // the copy is read before the stamp is checked again
        return stamps.get(slot) == stamp ? length : -1;
    }

    /**
     * Any thread: copies packet {@code sequence} into {@code target} as a retransmission (RFC 4588 §4): under the RTX
     * payload type {@code rtxPayloadTypes} gives for its own (-1: none), its original sequence number in the first two
     * bytes of the payload. The SSRC, sequence number and timestamp are left to the sender's rewrite.
     *
     * @return its length, or -1 when the packet is not here or its payload type has no RTX
     */
    public int copyAsRetransmission(int sequence, int[] rtxPayloadTypes, byte[] target, long nowNanos) {
        int length = copy(sequence, target, 0, nowNanos);
        if (length < 0 || length + 2 > target.length) {
            return -1;
        }
        int payload = RtpHeader.payloadOffset(target, 0, length);
        int rtxPayloadType = rtxPayloadTypes[RtpHeader.payloadType(target, 0)];
        if (payload < 0 || rtxPayloadType < 0) {
            return -1;
        }
        System.arraycopy(target, payload, target, payload + 2, length - payload);
        Bytes.writeShort(target, payload, sequence);
        target[1] = (byte) ((target[1] & 0x80) | rtxPayloadType);
        return length + 2;
    }

    private int begin(int sequence) {
        int slot = sequence & (SLOTS - 1);
        stamps.set(slot, 0);
        VarHandle.storeStoreFence(); // readers see the cleared stamp before any of the new bytes
        if (packets[slot] == null) {
            packets[slot] = new byte[MAX_PACKET];
        }
        return slot;
    }

    private void finish(int slot, int sequence, int length, long nowNanos) {
        lengths[slot] = length;
        arrivalNanos[slot] = nowNanos;
        stamps.set(slot, sequence + 1);
    }
}
