package org.parley.media.jvb.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;

class RtpHeaderTest {

    @Test
    void readsTheFieldsRoutingNeeds() {
        byte[] packet = TestPackets.rtp(0xFEDCBA98L, 96, 65000, new byte[] {1, 2, 3});

        assertTrue(RtpHeader.isValid(packet, 0, packet.length));
        assertEquals(96, RtpHeader.payloadType(packet, 0));
        assertEquals(65000, RtpHeader.sequenceNumber(packet, 0));
        assertEquals(0xFEDCBA98, RtpHeader.ssrc(packet, 0));
    }

    @Test
    void rejectsWhatIsNotRtp() {
        byte[] packet = TestPackets.rtp(1, 96, 1, new byte[0]);
        assertFalse(RtpHeader.isValid(packet, 0, 11), "shorter than the fixed header");
        assertFalse(RtpHeader.isValid(packet, 1, 12), "past the end of the buffer");
        assertFalse(RtpHeader.isValid(null, 0, 12), "no buffer");

        packet[0] = 0x40;
        assertFalse(RtpHeader.isValid(packet, 0, 12), "version 1");

        packet[0] = (byte) 0x82;
        assertFalse(RtpHeader.isValid(packet, 0, 12), "two CSRCs announced, none present");
        byte[] withCsrcs = new byte[20];
        System.arraycopy(packet, 0, withCsrcs, 0, 12);
        assertTrue(RtpHeader.isValid(withCsrcs, 0, 20));
    }

    @Test
    void findsARetransmissionsOriginalSequenceNumberPastCsrcsExtensionAndPadding() {
        // V=2, P=1, X=1, CC=1; one CSRC; a one-word extension; OSN 0xBEEF; 3 bytes of padding.
        byte[] packet = {
            (byte) 0xB1, 97, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2,
            0, 0, 0, 3,
            (byte) 0xBE, (byte) 0xDE, 0, 1, 0x10, 0x55, 0, 0,
            (byte) 0xBE, (byte) 0xEF, 9, 0, 0, 3};

        assertEquals(24, RtpHeader.payloadOffset(packet, 0, packet.length));
        assertEquals(3, RtpHeader.paddingLength(packet, 0, packet.length));
        assertEquals(0xBEEF, RtpHeader.originalSequenceNumber(packet, 0, packet.length));
    }

    @Test
    void paddingOnlyOrTruncatedRetransmissionsHaveNoOriginalSequenceNumber() {
        byte[] paddingOnly = {(byte) 0xA0, 97, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 4};
        assertEquals(-1, RtpHeader.originalSequenceNumber(paddingOnly, 0, paddingOnly.length));

        byte[] extensionPastTheEnd = {(byte) 0x90, 97, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, (byte) 0xBE, (byte) 0xDE, 0, 9};
        assertEquals(-1, RtpHeader.payloadOffset(extensionPastTheEnd, 0, extensionPastTheEnd.length));
        assertEquals(-1, RtpHeader.originalSequenceNumber(extensionPastTheEnd, 0, extensionPastTheEnd.length));

        byte[] oneByte = TestPackets.rtp(1, 97, 1, new byte[] {5});
        assertEquals(-1, RtpHeader.originalSequenceNumber(oneByte, 0, oneByte.length));
    }
}
