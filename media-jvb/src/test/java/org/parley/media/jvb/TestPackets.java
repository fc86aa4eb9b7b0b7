package org.parley.media.jvb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Real RTP and RTCP bytes, laid out by hand from the RFCs, for tests. */
public final class TestPackets {

    private TestPackets() {
    }

    /** An RTP packet (RFC 3550 §5.1) with no CSRCs or extension. */
    public static byte[] rtp(long ssrc, int payloadType, int sequence, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length)
                .put((byte) 0x80).put((byte) payloadType).putShort((short) sequence)
                .putInt(sequence * 3000).putInt((int) ssrc).put(payload).array();
    }

    /** An RTP packet carrying one one-byte header extension element (RFC 8285 §4.2): {@code id} = {@code value}. */
    public static byte[] rtpWithExtension(long ssrc, int payloadType, int sequence, int id, String value, byte[] payload) {
        return rtpWithExtension(ssrc, payloadType, sequence, id, value.getBytes(java.nio.charset.StandardCharsets.US_ASCII), payload);
    }

    /** As {@link #rtpWithExtension(long, int, int, int, String, byte[])}, with a binary value (1 to 16 bytes). */
    public static byte[] rtpWithExtension(long ssrc, int payloadType, int sequence, int id, byte[] element, byte[] payload) {
        int words = (1 + element.length + 3) / 4;
        ByteBuffer b = ByteBuffer.allocate(12 + 4 + 4 * words + payload.length)
                .put((byte) 0x90).put((byte) payloadType).putShort((short) sequence)
                .putInt(sequence * 3000).putInt((int) ssrc)
                .putShort((short) 0xBEDE).putShort((short) words)
                .put((byte) (id << 4 | (element.length - 1))).put(element);
        b.position(12 + 4 + 4 * words);
        return b.put(payload).array();
    }

    /** A report block (RFC 3550 §6.4.1) about {@code sourceSsrc}, with recognisable statistics. */
    public static byte[] reportBlock(long sourceSsrc, int fractionLost) {
        return ByteBuffer.allocate(24)
                .putInt((int) sourceSsrc).putInt(fractionLost << 24 | 7).putInt(0x0001_0203)
                .putInt(42).putInt(0x1234_5678).putInt(655).array();
    }

    /** A sender report (PT 200) with the given report blocks. */
    public static byte[] sr(long senderSsrc, byte[]... blocks) {
        ByteBuffer b = ByteBuffer.allocate(28 + 24 * blocks.length);
        b.put((byte) (0x80 | blocks.length)).put((byte) 200).putShort((short) ((28 + 24 * blocks.length) / 4 - 1));
        b.putInt((int) senderSsrc).putInt(0xE8AB_C123).putInt(0x4000_0000).putInt(90000).putInt(100).putInt(12345);
        for (byte[] block : blocks) {
            b.put(block);
        }
        return b.array();
    }

    /** A receiver report (PT 201). */
    public static byte[] rr(long senderSsrc, byte[]... blocks) {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 * blocks.length);
        b.put((byte) (0x80 | blocks.length)).put((byte) 201).putShort((short) ((8 + 24 * blocks.length) / 4 - 1));
        b.putInt((int) senderSsrc);
        for (byte[] block : blocks) {
            b.put(block);
        }
        return b.array();
    }

    /** SDES (PT 202) with one chunk carrying a CNAME, padded to 32 bits. */
    public static byte[] sdes(long ssrc, String cname) {
        int items = 2 + cname.length() + 1; // CNAME item, then the END item
        int chunk = 4 + ((items + 3) / 4) * 4;
        ByteBuffer b = ByteBuffer.allocate(4 + chunk);
        b.put((byte) 0x81).put((byte) 202).putShort((short) (chunk / 4));
        b.putInt((int) ssrc).put((byte) 1).put((byte) cname.length()).put(cname.getBytes());
        return b.array();
    }

    /** Picture loss indication (PT 206, FMT 1). */
    public static byte[] pli(long senderSsrc, long mediaSsrc) {
        return ByteBuffer.allocate(12).put((byte) 0x81).put((byte) 206).putShort((short) 2)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc).array();
    }

    /** Full intra request (PT 206, FMT 4) with one FCI entry. */
    public static byte[] fir(long senderSsrc, long mediaSsrc, int sequence) {
        return ByteBuffer.allocate(20).put((byte) 0x84).put((byte) 206).putShort((short) 4)
                .putInt((int) senderSsrc).putInt(0).putInt((int) mediaSsrc).put((byte) sequence).put(new byte[3]).array();
    }

    /** Generic NACK (PT 205, FMT 1) with one FCI entry. */
    public static byte[] nack(long senderSsrc, long mediaSsrc, int packetId, int lostBitmask) {
        return ByteBuffer.allocate(16).put((byte) 0x81).put((byte) 205).putShort((short) 3)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc).putShort((short) packetId).putShort((short) lostBitmask)
                .array();
    }

    /** REMB (PT 206, FMT 15, "REMB" application feedback) about one SSRC. */
    public static byte[] remb(long senderSsrc, long mediaSsrc) {
        return ByteBuffer.allocate(24).put((byte) 0x8F).put((byte) 206).putShort((short) 5)
                .putInt((int) senderSsrc).putInt(0).put("REMB".getBytes()).put((byte) 1).put((byte) 0x0C)
                .putShort((short) 0x3500).putInt((int) mediaSsrc).array();
    }

    public static byte[] concat(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }
}
