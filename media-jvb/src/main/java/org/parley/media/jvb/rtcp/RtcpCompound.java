package org.parley.media.jvb.rtcp;

/**
 * Checks a sequence of RTCP packets as a whole before anything reads it: a compound packet (RFC 3550 §6.1) or a
 * reduced-size one (RFC 5506). Every packet must be version 2, fit exactly inside the datagram and be long enough
 * for what its type promises (report blocks, feedback fields). One bad packet rejects the whole datagram, so the
 * readers that follow never index outside it.
 *
 * <p>Walk an accepted compound with {@code for (int p = offset; p < offset + length; p += RtcpHeader.lengthInBytes(buffer, p))}.
 */
public final class RtcpCompound {

    private RtcpCompound() {
    }

    public static boolean isValid(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < RtcpHeader.LENGTH || length > buffer.length - offset) {
            return false;
        }
        int end = offset + length;
        int packet = offset;
        while (packet < end) {
            if (end - packet < RtcpHeader.LENGTH || RtcpHeader.version(buffer, packet) != 2) {
                return false;
            }
            int packetLength = RtcpHeader.lengthInBytes(buffer, packet);
            if (packetLength > end - packet) {
                return false;
            }
            int contentLength = packetLength;
            if (RtcpHeader.hasPadding(buffer, packet)) {
                int padding = buffer[packet + packetLength - 1] & 0xFF;
                if (padding == 0 || padding > packetLength - RtcpHeader.LENGTH) {
                    return false;
                }
                contentLength -= padding;
            }
            if (contentLength < minimumLength(buffer, packet)) {
                return false;
            }
            packet += packetLength;
        }
        return true;
    }

    /** The bytes a packet of this type and count needs before its padding. */
    private static int minimumLength(byte[] buffer, int packet) {
        int count = RtcpHeader.count(buffer, packet);
        return switch (RtcpHeader.packetType(buffer, packet)) {
            case RtcpHeader.SR -> RtcpReports.SENDER_REPORT_BLOCKS + count * RtcpReports.BLOCK_LENGTH;
            case RtcpHeader.RR -> RtcpReports.RECEIVER_REPORT_BLOCKS + count * RtcpReports.BLOCK_LENGTH;
            case RtcpHeader.RTPFB -> count == RtcpFeedback.FMT_NACK
                    ? RtcpFeedback.FCI + RtcpFeedback.NACK_ENTRY_LENGTH
                    : RtcpFeedback.FCI;
            case RtcpHeader.PSFB -> count == RtcpFeedback.FMT_FIR
                    ? RtcpFeedback.FCI + RtcpFeedback.FIR_ENTRY_LENGTH
                    : RtcpFeedback.FCI;
            default -> RtcpHeader.LENGTH;
        };
    }
}
