package org.parley.media.jvb.rtcp;

import org.parley.media.jvb.rtp.Bytes;

/**
 * Layout of feedback messages (RFC 4585 §6.1: header, sender SSRC, media source SSRC, feedback control
 * information) and of the ones Parley routes: NACK, PLI and FIR (RFC 5104 §4.3.1).
 */
public final class RtcpFeedback {

    /** RTPFB: generic NACK. */
    public static final int FMT_NACK = 1;
    /** PSFB: picture loss indication. */
    public static final int FMT_PLI = 1;
    /** PSFB: full intra request; the media source field is unused, the SSRCs are in the FCI entries. */
    public static final int FMT_FIR = 4;
    /** PSFB: application layer feedback, used by REMB. */
    public static final int FMT_AFB = 15;

    /** Offset of the feedback control information. */
    public static final int FCI = 12;
    public static final int NACK_ENTRY_LENGTH = 4;
    public static final int FIR_ENTRY_LENGTH = 8;
    public static final int PLI_LENGTH = 12;

    private RtcpFeedback() {
    }

    public static int mediaSourceSsrc(byte[] buffer, int packet) {
        return Bytes.readInt(buffer, packet + 8);
    }

    /** How many NACK entries (PID and BLP, RFC 4585 §6.2.1) a valid NACK packet holds, padding excluded. */
    public static int nackEntryCount(byte[] buffer, int packet) {
        int length = RtcpHeader.lengthInBytes(buffer, packet);
        int padding = RtcpHeader.hasPadding(buffer, packet) ? buffer[packet + length - 1] & 0xFF : 0;
        return Math.max(0, (length - padding - FCI) / NACK_ENTRY_LENGTH);
    }

    /** Entry {@code index}'s packet id: the first lost sequence number. */
    public static int nackPacketId(byte[] buffer, int packet, int index) {
        return Bytes.readShort(buffer, packet + FCI + index * NACK_ENTRY_LENGTH);
    }

    /** Entry {@code index}'s bitmask of following lost packets: bit i set = packet id + i + 1 lost. */
    public static int nackLostBitmask(byte[] buffer, int packet, int index) {
        return Bytes.readShort(buffer, packet + FCI + index * NACK_ENTRY_LENGTH + 2);
    }

    /**
     * Writes a PLI asking {@code mediaSsrc}'s sender for a key frame.
     *
     * @return the bytes written
     */
    public static int writePli(byte[] target, int offset, int senderSsrc, int mediaSsrc) {
        RtcpHeader.write(target, offset, FMT_PLI, RtcpHeader.PSFB, PLI_LENGTH);
        Bytes.writeInt(target, offset + 4, senderSsrc);
        Bytes.writeInt(target, offset + 8, mediaSsrc);
        return PLI_LENGTH;
    }

    /**
     * Writes a REMB (draft-alvestrand-rmcat-remb): the most the sender of {@code ssrcs} should send in all, in bits
     * per second, as an 18-bit mantissa and an exponent.
     *
     * @return the bytes written
     */
    public static int writeRemb(byte[] target, int offset, int senderSsrc, long bitsPerSecond, int[] ssrcs, int count) {
        int length = 20 + 4 * count;
        RtcpHeader.write(target, offset, FMT_AFB, RtcpHeader.PSFB, length);
        Bytes.writeInt(target, offset + 4, senderSsrc);
        Bytes.writeInt(target, offset + 8, 0);
        target[offset + 12] = 'R';
        target[offset + 13] = 'E';
        target[offset + 14] = 'M';
        target[offset + 15] = 'B';
        int exponent = 0;
        long mantissa = Math.max(0, bitsPerSecond);
        while (mantissa > 0x3FFFF) {
            mantissa >>= 1;
            exponent++;
        }
        Bytes.writeInt(target, offset + 16, (count & 0xFF) << 24 | exponent << 18 | (int) mantissa);
        for (int i = 0; i < count; i++) {
            Bytes.writeInt(target, offset + 20 + 4 * i, ssrcs[i]);
        }
        return length;
    }
}
