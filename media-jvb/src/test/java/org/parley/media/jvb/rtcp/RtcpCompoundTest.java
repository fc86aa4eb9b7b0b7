package org.parley.media.jvb.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.TestPackets.concat;
import static org.parley.media.jvb.TestPackets.fir;
import static org.parley.media.jvb.TestPackets.nack;
import static org.parley.media.jvb.TestPackets.pli;
import static org.parley.media.jvb.TestPackets.remb;
import static org.parley.media.jvb.TestPackets.reportBlock;
import static org.parley.media.jvb.TestPackets.rr;
import static org.parley.media.jvb.TestPackets.sdes;
import static org.parley.media.jvb.TestPackets.sr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.rtp.Bytes;

class RtcpCompoundTest {

    private static final long A = 0xA1A2A3A4L;
    private static final long B = 0x0000B0B1L;
    private static final long C = 0xC0C1C2C3L;

    @Test
    void walksSenderReportReceiverReportAndSdesOfOneCompound() {
        byte[] compound = concat(sr(A, reportBlock(B, 3)), rr(A, reportBlock(C, 1), reportBlock(B, 2)), sdes(A, "cname-a"));

        List<Integer> types = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        walk(compound, 0, compound.length, types, counts);

        assertTrue(RtcpCompound.isValid(compound, 0, compound.length));
        assertEquals(List.of(RtcpHeader.SR, RtcpHeader.RR, RtcpHeader.SDES), types);
        assertEquals(List.of(1, 2, 1), counts);
        assertEquals((int) A, RtcpHeader.senderSsrc(compound, 0));
        int secondBlockOfRr = RtcpReports.firstBlock(compound, 52) + RtcpReports.BLOCK_LENGTH;
        assertEquals((int) B, RtcpReports.sourceSsrc(compound, secondBlockOfRr));
        assertEquals((int) B, RtcpReports.sourceSsrc(compound, RtcpReports.firstBlock(compound, 0)));
    }

    @Test
    void readsFeedbackAtAnOffsetInsideALargerBuffer() {
        byte[] feedback = concat(pli(B, A), fir(B, C, 9), nack(B, A, 100, 0b101), remb(B, A));
        byte[] buffer = new byte[feedback.length + 30];
        System.arraycopy(feedback, 0, buffer, 10, feedback.length);

        List<Integer> types = new ArrayList<>();
        List<Integer> formats = new ArrayList<>();
        walk(buffer, 10, feedback.length, types, formats);

        assertTrue(RtcpCompound.isValid(buffer, 10, feedback.length));
        assertEquals(List.of(RtcpHeader.PSFB, RtcpHeader.PSFB, RtcpHeader.RTPFB, RtcpHeader.PSFB), types);
        assertEquals(List.of(RtcpFeedback.FMT_PLI, RtcpFeedback.FMT_FIR, RtcpFeedback.FMT_NACK, RtcpFeedback.FMT_AFB), formats);
        assertEquals((int) A, RtcpFeedback.mediaSourceSsrc(buffer, 10));
        assertEquals((int) C, Bytes.readInt(buffer, 10 + 12 + RtcpFeedback.FCI), "the FIR's first entry");
    }

    @Test
    void rejectsWhatDoesNotParse() {
        byte[] good = concat(sr(A, reportBlock(B, 3)), sdes(A, "x"));
        assertFalse(RtcpCompound.isValid(good, 0, good.length - 4), "last packet cut short");
        assertFalse(RtcpCompound.isValid(concat(good, new byte[2]), 0, good.length + 2), "trailing bytes");
        assertFalse(RtcpCompound.isValid(good, 0, 3), "shorter than a header");
        assertFalse(RtcpCompound.isValid(new byte[0], 0, 0), "empty");
        assertFalse(RtcpCompound.isValid(null, 0, 8), "no buffer");
        assertFalse(RtcpCompound.isValid(good, -1, 8), "negative offset");
        assertFalse(RtcpCompound.isValid(good, 4, good.length), "past the end of the buffer");

        byte[] version1 = pli(B, A);
        version1[0] = (byte) 0x41;
        assertFalse(RtcpCompound.isValid(version1, 0, 12), "version 1");

        byte[] srClaimingTwoBlocks = sr(A, reportBlock(B, 3));
        srClaimingTwoBlocks[0] = (byte) 0x82;
        assertFalse(RtcpCompound.isValid(srClaimingTwoBlocks, 0, srClaimingTwoBlocks.length), "RC beyond length");

        byte[] rrClaimingOneBlock = rr(A);
        rrClaimingOneBlock[0] = (byte) 0x81;
        assertFalse(RtcpCompound.isValid(rrClaimingOneBlock, 0, rrClaimingOneBlock.length), "RR without its block");

        byte[] firWithoutEntry = Arrays.copyOf(fir(B, A, 1), 12);
        firWithoutEntry[3] = 2;
        assertFalse(RtcpCompound.isValid(firWithoutEntry, 0, 12), "FIR without FCI");

        byte[] nackWithoutEntry = Arrays.copyOf(nack(B, A, 1, 0), 12);
        nackWithoutEntry[3] = 2;
        assertFalse(RtcpCompound.isValid(nackWithoutEntry, 0, 12), "NACK without FCI");

        byte[] shortFeedback = {(byte) 0x81, (byte) 206, 0, 1, 1, 2, 3, 4};
        assertFalse(RtcpCompound.isValid(shortFeedback, 0, 8), "PLI without media source");
    }

    @Test
    void checksPadding() {
        byte[] padded = concat(pli(B, A), new byte[] {0, 0, 0, 4});
        padded[0] |= 0x20;
        padded[3] = 3;
        assertTrue(RtcpCompound.isValid(padded, 0, padded.length), "4 bytes of padding");

        padded[15] = 0;
        assertFalse(RtcpCompound.isValid(padded, 0, padded.length), "padding count 0");
        padded[15] = (byte) 200;
        assertFalse(RtcpCompound.isValid(padded, 0, padded.length), "padding longer than the packet");
        padded[15] = 8;
        assertFalse(RtcpCompound.isValid(padded, 0, padded.length), "padding eating the media source SSRC");
    }

    @Test
    void everyTruncationOfACompoundIsRejectedExceptAtPacketBoundaries() {
        byte[] compound = concat(sr(A, reportBlock(B, 3)), rr(A, reportBlock(C, 1)), pli(A, B), fir(A, C, 1), sdes(A, "abc"));
        List<Integer> boundaries = List.of(52, 52 + 32, 52 + 32 + 12, 52 + 32 + 12 + 20);
        for (int length = 0; length < compound.length; length++) {
            assertEquals(boundaries.contains(length), RtcpCompound.isValid(compound, 0, length), "length " + length);
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20261124);
        byte[] buffer = new byte[64];
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(buffer);
            buffer[0] = (byte) (0x80 | (buffer[0] & 0x3F)); // mostly version 2, to get past the first check
            int length = random.nextInt(buffer.length + 1);
            if (RtcpCompound.isValid(buffer, 0, length)) {
                accepted++;
                walk(buffer, 0, length, new ArrayList<>(), new ArrayList<>());
            }
        }
        assertTrue(accepted < 20_000);
    }

    @Test
    void stripsReportBlocksFromASenderReport() {
        byte[] report = sr(A, reportBlock(B, 3), reportBlock(C, 4));
        byte[] target = new byte[40];

        int length = RtcpReports.writeSenderInfoOnly(report, 0, target, 4);

        assertEquals(28, length);
        assertTrue(RtcpCompound.isValid(target, 4, length));
        assertEquals(0, RtcpHeader.count(target, 4));
        assertEquals(RtcpHeader.SR, RtcpHeader.packetType(target, 4));
        assertEquals(28, RtcpHeader.lengthInBytes(target, 4));
        assertArrayEquals(Arrays.copyOfRange(report, 4, 28), Arrays.copyOfRange(target, 8, 32), "sender SSRC and info");
    }

    @Test
    void writesAPli() {
        byte[] target = new byte[12];
        assertEquals(12, RtcpFeedback.writePli(target, 0, (int) B, (int) A));
        assertArrayEquals(pli(B, A), target);
    }

    private static void walk(byte[] buffer, int offset, int length, List<Integer> types, List<Integer> counts) {
        for (int p = offset; p < offset + length; p += RtcpHeader.lengthInBytes(buffer, p)) {
            types.add(RtcpHeader.packetType(buffer, p));
            counts.add(RtcpHeader.count(buffer, p));
        }
    }
}
