package org.parley.media.jvb.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The check of a compound RTCP packet, and the readers routing runs on what it accepts, on whatever a participant
 * sends: a packet accepted is walked to its exact end, every report block, NACK entry and transport-wide feedback the
 * readers find lies inside its own packet, and nothing throws or writes.
 */
class RtcpCompoundFuzzTest {

    private static final int OFFSET = 5;

    @FuzzTest
    void isValidAndReaders(byte[] compound) {
        byte[] buffer = new byte[OFFSET + compound.length + 11];
        Arrays.fill(buffer, (byte) 0xEE);
        System.arraycopy(compound, 0, buffer, OFFSET, compound.length);
        byte[] before = buffer.clone();
        int end = OFFSET + compound.length;
        if (!RtcpCompound.isValid(buffer, OFFSET, compound.length)) {
            return;
        }
        int packet = OFFSET;
        while (packet < end) {
            int length = RtcpHeader.lengthInBytes(buffer, packet);
            assertTrue(length >= RtcpHeader.LENGTH && packet + length <= end, "packet at " + packet + " of " + length);
            int padding = RtcpHeader.hasPadding(buffer, packet) ? buffer[packet + length - 1] & 0xFF : 0;
            int contentEnd = packet + length - padding;
            int count = RtcpHeader.count(buffer, packet);
            switch (RtcpHeader.packetType(buffer, packet)) {
                case RtcpHeader.SR, RtcpHeader.RR -> {
                    RtcpHeader.senderSsrc(buffer, packet);
                    int lastBlock = RtcpReports.firstBlock(buffer, packet) + count * RtcpReports.BLOCK_LENGTH;
                    assertTrue(lastBlock <= contentEnd, count + " report blocks past the packet's end");
                }
                case RtcpHeader.RTPFB -> {
                    RtcpFeedback.mediaSourceSsrc(buffer, packet);
                    if (count == RtcpFeedback.FMT_NACK) {
                        int entries = RtcpFeedback.nackEntryCount(buffer, packet);
                        assertTrue(entries >= 1 && packet + RtcpFeedback.FCI + entries * RtcpFeedback.NACK_ENTRY_LENGTH
                                <= contentEnd, entries + " NACK entries");
                        RtcpFeedback.nackPacketId(buffer, packet, entries - 1);
                        RtcpFeedback.nackLostBitmask(buffer, packet, entries - 1);
                    } else if (count == TransportFeedback.FMT) {
                        int[] expected = {-1};
                        TransportFeedback.read(buffer, packet, (sequence, received, arrivalNanos) -> {
                            assertTrue(sequence >= 0 && sequence <= 0xFFFF);
                            if (expected[0] >= 0) {
                                assertEquals(expected[0], sequence, "packets in order");
                            }
                            expected[0] = (sequence + 1) & 0xFFFF;
                        });
                    }
                }
                case RtcpHeader.PSFB -> RtcpFeedback.mediaSourceSsrc(buffer, packet);
                default -> {
                }
            }
            packet += length;
        }
        assertEquals(end, packet, "the packets fill the datagram exactly");
        assertArrayEquals(before, buffer, "reading writes nothing");
    }
}
