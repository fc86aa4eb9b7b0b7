package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.jvb.rtp.Bytes;

/**
 * Routes the RTCP one transport sends. Since SSRCs are forwarded unchanged, every SSRC in it names a track:
 * <ul>
 *   <li>a sender report's sender SSRC is one of the transport's producers: its timestamps go to that producer's
 *       consumers (without report blocks, which are about other streams);</li>
 *   <li>a report block's source SSRC is a track the transport consumes: the block goes back to that track's
 *       publisher, in one receiver report per publisher;</li>
 *   <li>NACK, PLI and FIR name a consumed track too and go to its publisher (key frame requests rate-limited per
 *       producer); a NACK is also remembered by the consumer, so the retransmission comes back to it alone.</li>
 * </ul>
 * What goes to a publisher is sent in the router's name (its RTCP sender SSRC), not the subscriber's: the publisher's
 * transport then needs one SRTCP context for all its subscribers, however many come and go. Everything else (SDES,
 * BYE, APP, REMB, transport-wide feedback) ends here. Each packet is routed alone, without the rest of its compound;
 * the receivers accept reduced-size RTCP.
 */
final class RtcpRouting {

    private RtcpRouting() {
    }

    static void route(JvbWebRtcTransport from, byte[] buffer, int offset, int length) {
        if (!RtcpCompound.isValid(buffer, offset, length)) {
            from.countMalformed();
            return;
        }
        int end = offset + length;
        for (int packet = offset; packet < end; packet += RtcpHeader.lengthInBytes(buffer, packet)) {
            int format = RtcpHeader.count(buffer, packet);
            switch (RtcpHeader.packetType(buffer, packet)) {
                case RtcpHeader.SR -> {
                    forwardSenderInfo(from, buffer, packet);
                    returnReportBlocks(from, buffer, packet);
                }
                case RtcpHeader.RR -> returnReportBlocks(from, buffer, packet);
                case RtcpHeader.RTPFB -> {
                    if (format == RtcpFeedback.FMT_NACK) {
                        nackToPublisher(from, buffer, packet);
                    }
                }
                case RtcpHeader.PSFB -> {
                    if (format == RtcpFeedback.FMT_PLI) {
                        toPublisher(from, RtcpFeedback.mediaSourceSsrc(buffer, packet), true, buffer, packet);
                    } else if (format == RtcpFeedback.FMT_FIR) {
                        toPublisher(from, RtcpFeedback.firstFirSsrc(buffer, packet), true, buffer, packet);
                    }
                }
                default -> {
                    // Nothing routes SDES, BYE, APP or unknown types.
                }
            }
        }
    }

    private static void forwardSenderInfo(JvbWebRtcTransport from, byte[] buffer, int packet) {
        JvbProducer producer = from.producerOf(RtcpHeader.senderSsrc(buffer, packet));
        if (producer != null) {
            byte[] scratch = RtcpScratch.get();
            int length = RtcpReports.writeSenderInfoOnly(buffer, packet, scratch, 0);
            producer.forwardRtcp(scratch, 0, length);
        }
    }

    /**
     * Sends each publisher the blocks about its tracks. Publishers are grouped by scanning (at most 31 blocks), so
     * nothing is allocated.
     */
    private static void returnReportBlocks(JvbWebRtcTransport from, byte[] buffer, int packet) {
        int count = RtcpHeader.count(buffer, packet);
        int first = RtcpReports.firstBlock(buffer, packet);
        for (int i = 0; i < count; i++) {
            JvbWebRtcTransport publisher = publisherOf(from, buffer, first, i);
            if (publisher == null || groupedBefore(from, buffer, first, i, publisher)) {
                continue;
            }
            byte[] scratch = RtcpScratch.get();
            int blocks = 0;
            int length = RtcpReports.RECEIVER_REPORT_BLOCKS;
            for (int j = i; j < count; j++) {
                if (publisherOf(from, buffer, first, j) == publisher) {
                    System.arraycopy(buffer, first + j * RtcpReports.BLOCK_LENGTH, scratch, length, RtcpReports.BLOCK_LENGTH);
                    length += RtcpReports.BLOCK_LENGTH;
                    blocks++;
                }
            }
            RtcpReports.writeReceiverReportHeader(scratch, 0, from.router().rtcpSsrc(), blocks);
            publisher.sendRtcp(scratch, 0, length);
        }
    }

    private static boolean groupedBefore(JvbWebRtcTransport from, byte[] buffer, int first, int index,
                                         JvbWebRtcTransport publisher) {
        for (int i = 0; i < index; i++) {
            if (publisherOf(from, buffer, first, i) == publisher) {
                return true;
            }
        }
        return false;
    }

    private static JvbWebRtcTransport publisherOf(JvbWebRtcTransport from, byte[] buffer, int first, int index) {
        JvbConsumer consumer = from.consumerOf(RtcpReports.sourceSsrc(buffer, first + index * RtcpReports.BLOCK_LENGTH));
        return consumer == null ? null : consumer.producer().transport();
    }

    private static void nackToPublisher(JvbWebRtcTransport from, byte[] buffer, int packet) {
        JvbConsumer consumer = from.consumerOf(RtcpFeedback.mediaSourceSsrc(buffer, packet));
        if (consumer != null) {
            consumer.nacked(buffer, packet, from.router().nanoClock().getAsLong());
            sendInRoutersName(consumer.producer(), from, buffer, packet);
        }
    }

    private static void toPublisher(JvbWebRtcTransport from, int mediaSsrc, boolean keyFrameRequest,
                                    byte[] buffer, int packet) {
        JvbConsumer consumer = from.consumerOf(mediaSsrc);
        if (consumer == null) {
            return;
        }
        JvbProducer producer = consumer.producer();
        if (!keyFrameRequest || producer.admitsKeyFrameRequest()) {
            sendInRoutersName(producer, from, buffer, packet);
        }
    }

    /** A feedback packet to the publisher, unchanged but for its sender SSRC. */
    private static void sendInRoutersName(JvbProducer producer, JvbWebRtcTransport from, byte[] buffer, int packet) {
        int length = RtcpHeader.lengthInBytes(buffer, packet);
        byte[] scratch = RtcpScratch.get();
        if (length > scratch.length) {
            from.countMalformed(); // a feedback packet this long carries hundreds of entries: nobody sends that
            return;
        }
        System.arraycopy(buffer, packet, scratch, 0, length);
        Bytes.writeInt(scratch, 4, from.router().rtcpSsrc());
        producer.transport().sendRtcp(scratch, 0, length);
    }
}
