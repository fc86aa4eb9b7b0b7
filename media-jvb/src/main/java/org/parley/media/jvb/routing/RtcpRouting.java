package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.jvb.rtp.Bytes;

/**
 * Routes the RTCP one transport sends. Every SSRC in it names a track, and each side knows a track by its own SSRCs
 * (consumers send under SSRCs of their own), so each SSRC is translated on the way:
 * <ul>
 *   <li>a sender report's sender SSRC is one of the transport's producers: its timestamps go to that producer's
 *       consumers, each under the consumer's SSRC (without report blocks, which are about other streams);</li>
 *   <li>a report block's source SSRC is a consumer's: the block goes back to that track's publisher under the
 *       publisher's SSRC, in one receiver report per publisher;</li>
 *   <li>NACK, PLI and FIR name a consumer's SSRC too and go to its publisher under the publisher's (key frame requests
 *       rate-limited per producer); a NACK is also remembered by the consumer, so the retransmission comes back to it
 *       alone.</li>
 * </ul>
 * What goes to a publisher is sent in the router's name (its RTCP sender SSRC), not the subscriber's: the publisher's
 * transport then needs one SRTCP context for all its subscribers, however many come and go. Everything else (SDES,
 * BYE, APP, REMB, transport-wide feedback) ends here. Each packet is routed alone, without the rest of its compound;
 * the receivers accept reduced-size RTCP.
 */
final class RtcpRouting {

    /** Where feedback names the stream it is about: the media source field, and a FIR's first entry. */
    private static final int MEDIA_SOURCE = 8;
    private static final int FIR_FIRST_SSRC = RtcpFeedback.FCI;

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
                        keyFrameRequestToPublisher(from, MEDIA_SOURCE, buffer, packet);
                    } else if (format == RtcpFeedback.FMT_FIR && RtcpHeader.lengthInBytes(buffer, packet) >= FIR_FIRST_SSRC + 4) {
                        keyFrameRequestToPublisher(from, FIR_FIRST_SSRC, buffer, packet);
                    }
                }
                default -> {
                    // Nothing routes SDES, BYE, APP or unknown types.
                }
            }
        }
    }

    private static void forwardSenderInfo(JvbWebRtcTransport from, byte[] buffer, int packet) {
        int ssrc = RtcpHeader.senderSsrc(buffer, packet);
        JvbProducer producer = from.producerOf(ssrc);
        if (producer != null) {
            byte[] scratch = RtcpScratch.get();
            int length = RtcpReports.writeSenderInfoOnly(buffer, packet, scratch, 0);
            producer.forwardSenderReport(ssrc, scratch, 0, length);
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
                    int block = first + j * RtcpReports.BLOCK_LENGTH;
                    System.arraycopy(buffer, block, scratch, length, RtcpReports.BLOCK_LENGTH);
                    Bytes.writeInt(scratch, length, publishersSsrc(from, RtcpReports.sourceSsrc(buffer, block)));
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

    /** The publisher whose track the block at {@code index} is about, or null (not a consumer's, or not learned yet). */
    private static JvbWebRtcTransport publisherOf(JvbWebRtcTransport from, byte[] buffer, int first, int index) {
        int ssrc = RtcpReports.sourceSsrc(buffer, first + index * RtcpReports.BLOCK_LENGTH);
        JvbConsumer consumer = from.consumerOf(ssrc);
        return consumer == null || consumer.producerSsrcOf(ssrc) == 0 ? null : consumer.producer().transport();
    }

    private static int publishersSsrc(JvbWebRtcTransport from, int consumersSsrc) {
        return from.consumerOf(consumersSsrc).producerSsrcOf(consumersSsrc);
    }

    private static void nackToPublisher(JvbWebRtcTransport from, byte[] buffer, int packet) {
        int ssrc = RtcpFeedback.mediaSourceSsrc(buffer, packet);
        JvbConsumer consumer = from.consumerOf(ssrc);
        if (consumer != null && consumer.producerSsrcOf(ssrc) != 0) {
            consumer.nacked(buffer, packet, from.router().nanoClock().getAsLong());
            sendInRoutersName(consumer.producer(), from, buffer, packet, MEDIA_SOURCE, consumer.producerSsrcOf(ssrc));
        }
    }

    /** A PLI (the consumer's SSRC at {@code ssrcAt} = media source) or FIR (first entry) to the publisher. */
    private static void keyFrameRequestToPublisher(JvbWebRtcTransport from, int ssrcAt, byte[] buffer, int packet) {
        int ssrc = Bytes.readInt(buffer, packet + ssrcAt);
        JvbConsumer consumer = from.consumerOf(ssrc);
        if (consumer == null || consumer.producerSsrcOf(ssrc) == 0) {
            return;
        }
        JvbProducer producer = consumer.producer();
        if (producer.admitsKeyFrameRequest()) {
            sendInRoutersName(producer, from, buffer, packet, ssrcAt, consumer.producerSsrcOf(ssrc));
        }
    }

    /** A feedback packet to the publisher, unchanged but for its sender SSRC and the SSRC it is about. */
    private static void sendInRoutersName(JvbProducer producer, JvbWebRtcTransport from, byte[] buffer, int packet,
                                          int ssrcAt, int publishersSsrc) {
        int length = RtcpHeader.lengthInBytes(buffer, packet);
        byte[] scratch = RtcpScratch.get();
        if (length > scratch.length) {
            from.countMalformed(); // a feedback packet this long carries hundreds of entries: nobody sends that
            return;
        }
        System.arraycopy(buffer, packet, scratch, 0, length);
        Bytes.writeInt(scratch, 4, from.router().rtcpSsrc());
        Bytes.writeInt(scratch, ssrcAt, publishersSsrc);
        producer.transport().sendRtcp(scratch, 0, length);
    }
}
