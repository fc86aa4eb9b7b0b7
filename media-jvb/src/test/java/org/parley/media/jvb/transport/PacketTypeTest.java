package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacketTypeTest {

    private static PacketType classify(int... bytes) {
        byte[] b = new byte[bytes.length + 2];
        for (int i = 0; i < bytes.length; i++) {
            b[i + 2] = (byte) bytes[i];
        }
        return PacketType.classify(b, 2, bytes.length);
    }

    @Test
    void followsRfc7983AndRfc5761() {
        assertEquals(PacketType.STUN, classify(0x00, 0x01));
        assertEquals(PacketType.DTLS, classify(22, 0xFE));
        assertEquals(PacketType.DTLS, classify(20));
        assertEquals(PacketType.DTLS, classify(63));
        assertEquals(PacketType.RTP, classify(0x80, 96));
        assertEquals(PacketType.RTP, classify(0x80, 0x80 | 111), "marker bit set, PT 111");
        assertEquals(PacketType.RTCP, classify(0x80, 200), "sender report");
        assertEquals(PacketType.RTCP, classify(0x81, 205), "transport feedback");
        assertEquals(PacketType.RTCP, classify(0x80, 192));
        assertEquals(PacketType.RTCP, classify(0x80, 223));
        assertEquals(PacketType.RTP, classify(0x80, 224));
        assertEquals(PacketType.UNKNOWN, classify(0x80), "too short to tell");
        assertEquals(PacketType.UNKNOWN, classify(64, 0));
        assertEquals(PacketType.UNKNOWN, classify(0xC0, 96), "version 3");
        assertEquals(PacketType.UNKNOWN, classify());
    }
}
