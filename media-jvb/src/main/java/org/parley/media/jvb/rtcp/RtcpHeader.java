package org.parley.media.jvb.rtcp;

import org.parley.media.jvb.rtp.Bytes;

/**
 * The common header every RTCP packet starts with (RFC 3550 §6.4): version, padding, a 5-bit count (report count,
 * or feedback message type), packet type and length. Read in place; call only on packets
 * {@link RtcpCompound#isValid accepted} as a whole.
 */
public final class RtcpHeader {

    public static final int LENGTH = 4;

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585), e.g. NACK. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585), e.g. PLI, FIR, REMB. */
    public static final int PSFB = 206;

    private RtcpHeader() {
    }

    public static int version(byte[] buffer, int packet) {
        return (buffer[packet] & 0xFF) >>> 6;
    }

    public static boolean hasPadding(byte[] buffer, int packet) {
        return (buffer[packet] & 0x20) != 0;
    }

    /** Report count for SR/RR, source count for SDES/BYE, feedback message type (FMT) for RTPFB/PSFB. */
    public static int count(byte[] buffer, int packet) {
        return buffer[packet] & 0x1F;
    }

    public static int packetType(byte[] buffer, int packet) {
        return buffer[packet + 1] & 0xFF;
    }

    /** The whole packet's length in bytes, header and padding included. */
    public static int lengthInBytes(byte[] buffer, int packet) {
        return (Bytes.readShort(buffer, packet + 2) + 1) * 4;
    }

    /** The SSRC of the packet's sender (SR, RR and feedback packets). */
    public static int senderSsrc(byte[] buffer, int packet) {
        return Bytes.readInt(buffer, packet + 4);
    }

    /** Writes a header with no padding for a packet of {@code lengthInBytes} (a multiple of 4). */
    public static void write(byte[] buffer, int packet, int count, int packetType, int lengthInBytes) {
        buffer[packet] = (byte) (0x80 | (count & 0x1F));
        buffer[packet + 1] = (byte) packetType;
        Bytes.writeShort(buffer, packet + 2, lengthInBytes / 4 - 1);
    }
}
