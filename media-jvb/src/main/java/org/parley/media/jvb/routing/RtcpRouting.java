package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.jvb.rtcp.TransportFeedback;
import org.parley.media.jvb.rtp.Bytes;

/**
 * Routes the RTCP one transport sends. Every SSRC in it names a track, and each side knows a track by its own SSRCs
 * (consumers send under SSRCs of their own), so each SSRC is translated on the way:
 * <ul>
 *   <li>a sender report's sender SSRC is one of the transport's producers: its timestamps go to that producer's
 *       consumers, each under the consumer's SSRC and its timestamp shift (without report blocks, which are about
 *       other streams); the producer notes its time for the server's own reports;</li>
 *   <li>NACK, PLI and FIR name a consumer's SSRC and go to its publisher under the publisher's (key frame requests
 *       rate-limited per producer); a NACK is also remembered by the consumer, so the retransmission comes back to it
 *       alone;</li>
 *   <li>transport-wide feedback is about the subscriber's own downlink: it feeds {@link SubscriberBandwidth}.</li>
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
                case RtcpHeader.SR -> forwardSenderInfo(from, buffer, packet);
                case RtcpHeader.RTPFB -> {
                    if (format == RtcpFeedback.FMT_NACK) {
                        nackToPublisher(from, buffer, packet);
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

    /**
     * A NACK to the publisher: its packet ids turned into the publisher's numbers of the layer forwarded now, and
     * remembered by the consumer in those numbers, so that the retransmission comes back to it alone.
     */
    private static void nackToPublisher(JvbWebRtcTransport from, byte[] buffer, int packet) {
        int ssrc = RtcpFeedback.mediaSourceSsrc(buffer, packet);
        JvbConsumer consumer = from.consumerOf(ssrc);
        if (consumer == null || consumer.producerSsrcOf(ssrc) == 0) {
            return;
        }
        byte[] scratch = RtcpScratch.get();
        int length = copyInRoutersName(from, buffer, packet, scratch, MEDIA_SOURCE, consumer.producerSsrcOf(ssrc));
        if (length < 0) {
            return;
        }
        int offset = consumer.sequenceOffset();
        int entries = RtcpFeedback.nackEntryCount(scratch, 0);
        int kept = 0;
        for (int i = 0; i < entries; i++) {
            int at = RtcpFeedback.FCI + i * RtcpFeedback.NACK_ENTRY_LENGTH;
            int packetId = Bytes.readShort(scratch, at);
            int lost = Bytes.readShort(scratch, at + 2);
            // Only what was sent of the layer forwarded now can be asked of the publisher, in its numbers.
            int first = -1;
            int mask = 0;
            for (int k = 0; k <= 16; k++) {
                int sequence = (packetId + k) & 0xFFFF;
                boolean listed = k == 0 || (lost & (1 << (k - 1))) != 0;
                if (listed && consumer.inCurrentLayer(sequence)) {
                    if (first < 0) {
                        first = sequence;
                    } else {
                        mask |= 1 << (((sequence - first) & 0xFFFF) - 1);
                    }
                }
            }
            if (first >= 0) {
                int to = RtcpFeedback.FCI + kept * RtcpFeedback.NACK_ENTRY_LENGTH;
                Bytes.writeShort(scratch, to, (first - offset) & 0xFFFF);
                Bytes.writeShort(scratch, to + 2, mask);
                kept++;
            }
        }
        if (kept == 0) {
            return;
        }
        length = RtcpFeedback.FCI + kept * RtcpFeedback.NACK_ENTRY_LENGTH;
        RtcpHeader.write(scratch, 0, RtcpFeedback.FMT_NACK, RtcpHeader.RTPFB, length);
        consumer.nacked(scratch, 0, from.router().nanoClock().getAsLong());
        consumer.producer().transport().sendRtcp(scratch, 0, length);
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
