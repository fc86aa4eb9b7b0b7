package org.parley.media.jvb.rtcp;

import org.parley.media.jvb.rtp.Bytes;

/**
 * Layout of sender reports (SR) and receiver reports (RR) and their report blocks (RFC 3550 §6.4). A report block
 * describes reception of one source, named by its first field.
 */
public final class RtcpReports {

    /** Header, sender SSRC and the sender info (NTP and RTP timestamps, packet and octet counts). */
    public static final int SENDER_REPORT_BLOCKS = 28;
    /** Header and sender SSRC. */
    public static final int RECEIVER_REPORT_BLOCKS = 8;
    public static final int BLOCK_LENGTH = 24;
    /** The report count field has five bits. */
    public static final int MAX_BLOCKS = 31;

    private RtcpReports() {
    }

    /** Offset of the first report block of the SR or RR at {@code packet}. */
    public static int firstBlock(byte[] buffer, int packet) {
        return packet + (RtcpHeader.packetType(buffer, packet) == RtcpHeader.SR
                ? SENDER_REPORT_BLOCKS
                : RECEIVER_REPORT_BLOCKS);
    }

    /** The SSRC the block at {@code block} reports on. */
    public static int sourceSsrc(byte[] buffer, int block) {
        return Bytes.readInt(buffer, block);
    }

    /**
     * Writes the sender report at {@code packet} without its report blocks (and without padding) to {@code target};
     * receivers of forwarded media need its timestamps for lip sync, the blocks are about other streams.
     *
     * @return the bytes written
     */
    public static int writeSenderInfoOnly(byte[] buffer, int packet, byte[] target, int targetOffset) {
        System.arraycopy(buffer, packet, target, targetOffset, SENDER_REPORT_BLOCKS);
        RtcpHeader.write(target, targetOffset, 0, RtcpHeader.SR, SENDER_REPORT_BLOCKS);
        return SENDER_REPORT_BLOCKS;
    }

    /**
     * Writes an RR header for {@code blockCount} blocks; the caller copies the blocks after it.
     *
     * @return the offset of the first block
     */
    public static int writeReceiverReportHeader(byte[] target, int offset, int senderSsrc, int blockCount) {
        RtcpHeader.write(target, offset, blockCount, RtcpHeader.RR, RECEIVER_REPORT_BLOCKS + blockCount * BLOCK_LENGTH);
        Bytes.writeInt(target, offset + 4, senderSsrc);
        return offset + RECEIVER_REPORT_BLOCKS;
    }
}
