package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.jvb.rtcp.TransportFeedback;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.spi.MediaKind;

/**
 * Routes the RTCP one transport sends. Every SSRC in it names a track, and each side knows a track by its own SSRCs
 * (consumers send under SSRCs of their own), so each SSRC is translated on the way:
 * <ul>
 *   <li>a sender report's sender SSRC is one of the transport's producers: its timestamps go to that producer's
 *       consumers, each under the consumer's SSRC and its timestamp shift (without report blocks, which are about
 *       other streams); the producer notes its time for the server's own reports;</li>
 *   <li>a NACK names a consumer's SSRC: the consumer resends the packets from its producer's cache, to this
 *       subscriber alone, and the publisher hears nothing of it;</li>
 *   <li>PLI and FIR name a consumer's SSRC and go to its publisher under the publisher's (rate-limited per
 *       producer);</li>
 *   <li>transport-wide feedback is about the subscriber's own downlink: it feeds {@link SubscriberBandwidth};</li>
 *   <li>a report block about an audio consumer notes the subscriber's audio loss, for the publisher's FEC.</li>
 * </ul>
 * What goes to a publisher is sent in the router's name (its RTCP sender SSRC), not the subscriber's: the publisher's
 * transport then needs one SRTCP context for all its subscribers, however many come and go. Report blocks end here:
 * a publisher hears about its own link from {@link PublisherFeedback}. Everything else (SDES, BYE, APP, REMB)
 * ends here too. Each packet is routed alone, without the rest of its compound; the
 * receivers accept reduced-size RTCP.
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
                    noteAudioLoss(from, buffer, packet);
                }
                case RtcpHeader.RR -> noteAudioLoss(from, buffer, packet);
                case RtcpHeader.RTPFB -> {
                    if (format == RtcpFeedback.FMT_NACK) {
                        answerNack(from, buffer, packet);
                    } else if (format == TransportFeedback.FMT) {
                        from.bandwidth().onFeedback(buffer, packet, from.router().nanoClock().getAsLong());
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

    /** A subscriber's NACK, answered by its consumer from the producer's cache: it never reaches the publisher. */
    private static void answerNack(JvbWebRtcTransport from, byte[] buffer, int packet) {
        JvbConsumer consumer = from.consumerOf(RtcpFeedback.mediaSourceSsrc(buffer, packet));
        if (consumer == null) {
            return;
        }
        long now = from.router().nanoClock().getAsLong();
        RateBudget budget = from.nackBudget();
        int entries = RtcpFeedback.nackEntryCount(buffer, packet);
        for (int i = 0; i < entries; i++) {
            int packetId = RtcpFeedback.nackPacketId(buffer, packet, i);
            int lost = RtcpFeedback.nackLostBitmask(buffer, packet, i) << 1 | 1; // bit 0: packetId itself
            for (int bit = 0; lost != 0; lost >>>= 1, bit++) {
                if ((lost & 1) == 0) {
                    continue;
                }
                if (!budget.take(1, now)) {
                    from.countNackOverBudget();
                    continue;
                }
                consumer.nacked((packetId + bit) & 0xFFFF, now);
            }
        }
    }

    /**
     * A subscriber's report blocks about the audio it receives: their loss goes into the publisher's Opus FEC (see
     * {@link PublisherFeedback}); the blocks themselves end here.
     */
    private static void noteAudioLoss(JvbWebRtcTransport from, byte[] buffer, int packet) {
        int blocks = RtcpHeader.count(buffer, packet);
        int first = RtcpReports.firstBlock(buffer, packet);
        for (int i = 0; i < blocks; i++) {
            int block = first + i * RtcpReports.BLOCK_LENGTH;
            JvbConsumer consumer = from.consumerOf(RtcpReports.sourceSsrc(buffer, block));
            if (consumer != null && consumer.producer().kind() == MediaKind.AUDIO) {
                consumer.reportedLoss(buffer[block + 4] & 0xFF, from.router().nanoClock().getAsLong());
            }
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
        byte[] scratch = RtcpScratch.get();
        int length = copyInRoutersName(from, buffer, packet, scratch, ssrcAt, publishersSsrc);
        if (length > 0) {
            producer.transport().sendRtcp(scratch, 0, length);
        }
    }

    /** Copies one feedback packet into {@code scratch} in the router's name and about the publisher's SSRC; -1 if too long. */
    private static int copyInRoutersName(JvbWebRtcTransport from, byte[] buffer, int packet, byte[] scratch,
                                         int ssrcAt, int publishersSsrc) {
        int length = RtcpHeader.lengthInBytes(buffer, packet);
        if (length > scratch.length) {
            from.countMalformed(); // a feedback packet this long carries hundreds of entries: nobody sends that
            return -1;
        }
        System.arraycopy(buffer, packet, scratch, 0, length);
        Bytes.writeInt(scratch, 4, from.router().rtcpSsrc());
        Bytes.writeInt(scratch, ssrcAt, publishersSsrc);
        return length;
    }
}
