package org.parley.media.spi.tck.peer;

import java.util.Arrays;

/** Builds and reads the few RTP/RTCP fields tests care about (RFC 3550). */
public final class RtpPackets {

    private RtpPackets() {}

    /** An RTP packet: version 2, no padding, extension or CSRCs, marker clear. */
    /**
     * An audio packet that says how loud it is (RFC 6464: {@code level} in -dBov, 0 the loudest, 127 silence), in a
     * one-byte header extension element with id {@code extensionId} (RFC 8285).
     */
    public static byte[] rtpWithAudioLevel(int ssrc, int payloadType, int sequenceNumber, long timestamp, int extensionId,
                                           int level, byte[] payload) {
        byte[] plain = rtp(ssrc, payloadType, sequenceNumber, timestamp, payload);
        byte[] packet = new byte[plain.length + 8];
        System.arraycopy(plain, 0, packet, 0, 12);
        packet[0] = (byte) 0x90; // with a header extension
        writeShort(packet, 12, 0xBEDE);
        writeShort(packet, 14, 1);
        packet[16] = (byte) (extensionId << 4); // one byte of value
        packet[17] = (byte) (0x80 | level); // voice activity, level
        System.arraycopy(plain, 12, packet, 20, payload.length);
        return packet;
    }

    public static byte[] rtp(int ssrc, int payloadType, int sequenceNumber, long timestamp, byte[] payload) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        byte[] packet = new byte[12 + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        writeShort(packet, 2, sequenceNumber);
        writeInt(packet, 4, (int) timestamp);
        writeInt(packet, 8, ssrc);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    /** A receiver report (PT 201) with no report blocks, the smallest valid compound RTCP packet. */
    public static byte[] emptyReceiverReport(int ssrc) {
        byte[] packet = new byte[8];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 201;
        writeShort(packet, 2, 1); // length in 32-bit words minus one
        writeInt(packet, 4, ssrc);
        return packet;
    }

    /** An application-defined RTCP packet (PT 204) carrying {@code data} (padded to 4 bytes), to check contents. */
    public static byte[] app(int ssrc, String name, byte[] data) {
        if (name.length() != 4) {
            throw new IllegalArgumentException("APP name must be 4 ASCII characters");
        }
        int padded = (data.length + 3) / 4 * 4;
        byte[] packet = new byte[12 + padded];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 204;
        writeShort(packet, 2, packet.length / 4 - 1);
        writeInt(packet, 4, ssrc);
        for (int i = 0; i < 4; i++) {
            packet[8 + i] = (byte) name.charAt(i);
        }
        System.arraycopy(data, 0, packet, 12, data.length);
        return packet;
    }

    public static int ssrc(byte[] rtp) {
        return readInt(rtp, 8);
    }

    public static int sequenceNumber(byte[] rtp) {
        return ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
    }

    public static int payloadType(byte[] rtp) {
        return rtp[1] & 0x7F;
    }

    /** The payload of a packet built by {@link #rtp} (fixed 12-byte header). */
    public static byte[] payload(byte[] rtp) {
        return Arrays.copyOfRange(rtp, 12, rtp.length);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void writeShort(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    private static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
