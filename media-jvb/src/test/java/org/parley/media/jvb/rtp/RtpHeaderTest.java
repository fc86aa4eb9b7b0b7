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
}
