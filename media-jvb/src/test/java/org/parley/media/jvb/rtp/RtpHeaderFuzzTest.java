package org.parley.media.jvb.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The readers of an RTP packet's header, header extensions and VP8 / H.264 payload start, on whatever a participant
 * sends: nothing they return points outside the packet, nothing throws, and reading changes nothing.
 */
class RtpHeaderFuzzTest {

    /** Where the packet sits in the receive buffer, which goes on past it (as the transport hands packets over). */
    private static final int OFFSET = 7;
    private static final byte[] MID = {'1'};

    @FuzzTest
    void readers(byte[] packet) {
        byte[] buffer = new byte[OFFSET + packet.length + 9];
        Arrays.fill(buffer, (byte) 0xEE);
        System.arraycopy(packet, 0, buffer, OFFSET, packet.length);
        byte[] before = buffer.clone();
        int length = packet.length;
        if (!RtpHeader.isValid(buffer, OFFSET, length)) {
            return;
        }
        int end = OFFSET + length;
        RtpHeader.payloadType(buffer, OFFSET);
        RtpHeader.sequenceNumber(buffer, OFFSET);
        RtpHeader.ssrc(buffer, OFFSET);
        int payload = RtpHeader.payloadOffset(buffer, OFFSET, length);
        assertTrue(payload == -1 || (payload >= RtpHeader.FIXED_LENGTH && payload <= length), "payload at " + payload);
        int padding = RtpHeader.paddingLength(buffer, OFFSET, length);
        assertTrue(padding >= 0 && padding <= 0xFF);
        int original = RtpHeader.originalSequenceNumber(buffer, OFFSET, length);
        assertTrue(original >= -1 && original <= 0xFFFF);

        for (int id = 0; id <= 256; id++) {
            int position = HeaderExtensions.shortValuePosition(buffer, OFFSET, length, id);
            assertTrue(position == -1 || (position >= OFFSET + RtpHeader.FIXED_LENGTH + 4 && position + 2 <= end),
                    "element " + id + " at " + position);
            int value = HeaderExtensions.shortValue(buffer, OFFSET, length, id);
            assertTrue(value == (position < 0 ? -1 : Bytes.readShort(buffer, position)));
            int level = HeaderExtensions.byteValue(buffer, OFFSET, length, id);
            assertTrue(level >= -1 && level <= 0xFF);
            HeaderExtensions.carries(buffer, OFFSET, length, id, MID);
        }

        if (payload >= 0) {
            int payloadLength = length - payload - padding; // negative when the padding claims more than there is
            Vp8Descriptor.startsKeyFrame(buffer, OFFSET + payload, payloadLength);
            H264Payload.startsKeyFrame(buffer, OFFSET + payload, payloadLength);
            int pictureId = Vp8Descriptor.pictureId(buffer, OFFSET + payload, payloadLength);
            assertTrue(pictureId >= Vp8Descriptor.ABSENT && pictureId <= 0x7FFF);
            int tl0 = Vp8Descriptor.tl0PicIdx(buffer, OFFSET + payload, payloadLength);
            assertTrue(tl0 >= Vp8Descriptor.ABSENT && tl0 <= 0xFF);
        }
        assertArrayEquals(before, buffer, "reading writes nothing");
    }
}
