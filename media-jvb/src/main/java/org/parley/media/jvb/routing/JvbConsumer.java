package org.parley.media.jvb.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * A producer's track sent to one other transport of the same router, in the subscriber's numbering: same SSRCs, the
 * subscriber's payload types and header extension ids (rewritten on each packet's way out), under the publisher's
 * participant id as stream id. It also remembers what the subscriber NACKed, for the retransmissions.
 */
public final class JvbConsumer implements Consumer {

    private final String id;
    private final JvbProducer producer;
    private final JvbWebRtcTransport transport;
    private final RtpParameters parameters;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** What this subscriber NACKed, so that only it gets those retransmissions; null for audio (never NACKed). */
    private final RetransmissionRequests retransmissions;
    /** The subscriber's payload types and extension ids for this track. */
    private final HeaderRewrite numbering;
    /** Null when the subscriber numbers everything as the publisher does: senders skip the rewrite. */
    private final HeaderRewrite rewrite;

    JvbConsumer(String id, JvbProducer producer, JvbWebRtcTransport transport, List<RtpCodec> codecs,
                List<RtpHeaderExtension> headerExtensions, HeaderRewrite numbering) {
        this.id = id;
        this.producer = producer;
        this.transport = transport;
        RtpParameters sent = producer.rtpParameters();
        this.parameters = new RtpParameters(sent.kind(), codecs, sent.encodings(), headerExtensions,
                producer.participantId(), sent.trackId(), sent.cname());
        this.numbering = numbering;
        this.rewrite = numbering.changesAnything() ? numbering : null;
        this.retransmissions = sent.kind() == MediaKind.VIDEO ? new RetransmissionRequests() : null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JvbProducer producer() {
        return producer;
    }

    @Override
    public RtpParameters rtpParameters() {
        return parameters;
    }

    @Override
    public void requestKeyFrame() {
        if (!closed.get()) {
            producer.requestKeyFrame();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.detach(this);
            transport.forget(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Packet path: one packet of the producer's, sent under {@code ssrc}, in this subscriber's numbering. */
    void sendRtp(int ssrc, byte[] buffer, int offset, int length) {
        if (!numbering.sends(RtpHeader.payloadType(buffer, offset))) {
            transport.dropCodecNotTaken(ssrc);
            return;
        }
        transport.sendRtp(buffer, offset, length, rewrite);
    }

    /** Packet path: the subscriber NACKed the packets listed in the NACK at {@code packet}. */
    void nacked(byte[] buffer, int packet, long nowNanos) {
        if (retransmissions != null) {
            retransmissions.recordNack(buffer, packet, nowNanos);
        }
    }

    /** Packet path: whether the subscriber asked for a retransmission of {@code sequenceNumber} (answered once). */
    boolean asked(int sequenceNumber, long nowNanos) {
        return retransmissions != null && retransmissions.take(sequenceNumber, nowNanos);
    }

    /** The receiving transport. */
    JvbWebRtcTransport transport() {
        return transport;
    }
}
