package org.parley.media.jvb.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderRewriteTest {

    /** Firefox's VP8 (120) and RTX (124) into Chromium's (96, 97); audio level 1 → 3; nothing else negotiated. */
    private final HeaderRewrite toChromium = new HeaderRewrite(Map.of(120, 96, 124, 97), Map.of(1, 3), 14);

    @Test
    void renumbersThePayloadTypeAndKeepsTheMarker() {
        byte[] packet = {(byte) 0x80, (byte) (0x80 | 120), 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 42};

        assertTrue(toChromium.sends(120));
        toChromium.apply(packet, 0, packet.length);

        assertEquals((byte) (0x80 | 96), packet[1]);
        assertEquals(42, packet[12], "payload untouched");
    }

    @Test
    void aCodecTheSubscriberDoesNotTakeIsNotSent() {
        assertFalse(toChromium.sends(121));
        assertTrue(new HeaderRewrite(Map.of(96, 96), Map.of(), 14).sends(96));
    }

    @Test
    void renumbersOneByteExtensionsAndHidesTheOnesTheSubscriberDidNotNegotiate() {
        // X=1; BEDE, 2 words: id 1 (1 byte), a padding byte, id 5 (2 bytes), padding to the word.
        byte[] packet = {(byte) 0x90, 120, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            (byte) 0xBE, (byte) 0xDE, 0, 2, 0x10, 0x7F, 0, 0x51, 9, 9, 0, 0, 77};

        toChromium.apply(packet, 0, packet.length);

        assertEquals(0x30, packet[16], "audio level under the subscriber's id 3, length kept");
        assertEquals(0x7F, packet[17]);
        assertEquals((byte) 0xE1, packet[19], "an extension the subscriber did not negotiate goes under its spare id");
        assertEquals(77, packet[24]);
    }

    @Test
    void renumbersTwoByteExtensions() {
        byte[] packet = {(byte) 0x90, 120, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            0x10, 0x00, 0, 2, 1, 1, 0x7F, 0, 20, 1, 5, 0};

        toChromium.apply(packet, 0, packet.length);

        assertEquals(3, packet[16]);
        assertEquals(1, packet[17], "length kept");
        assertEquals(14, packet[20], "id 20 was not negotiated");
    }

    @Test
    void leavesAnExtensionBlockThatRunsPastThePacketAlone() {
        byte[] packet = {(byte) 0x90, 120, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, (byte) 0xBE, (byte) 0xDE, 0, 9, 0x10, 0};
        byte[] expected = packet.clone();
        expected[1] = 96;

        toChromium.apply(packet, 0, packet.length);

        assertArrayEquals(expected, packet);
    }

    @Test
    void refusesNumbersOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new HeaderRewrite(Map.of(128, 96), Map.of(), 14));
        assertThrows(IllegalArgumentException.class, () -> new HeaderRewrite(Map.of(), Map.of(), 15));
    }
}
