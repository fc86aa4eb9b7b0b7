package org.parley.media.jvb.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * A producer's track sent to one other transport of the same router, in the subscriber's numbering: SSRCs of its own
 * (one per producer slot, chosen when it is made), the subscriber's payload types and header extension ids (all
 * rewritten on each packet's way out), under the publisher's participant id as stream id. It also remembers what the
 * subscriber NACKed, for the retransmissions.
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
    /** This consumer's SSRC for each of the producer's slots; 0 where the producer can have no stream. */
    private final int[] ssrcs;
    private final int[] knownSsrcs;

    JvbConsumer(String id, JvbProducer producer, JvbWebRtcTransport transport, List<RtpCodec> codecs,
                List<RtpHeaderExtension> headerExtensions, HeaderRewrite numbering, int[] ssrcs) {
        this.id = id;
        this.producer = producer;
        this.transport = transport;
        this.ssrcs = ssrcs;
        this.knownSsrcs = TrackSsrcs.known(ssrcs);
        RtpParameters sent = producer.rtpParameters();
        int encodings = sent.encodings().size();
        List<RtpEncoding> announced = new ArrayList<>();
        for (int i = 0; i < encodings; i++) {
            announced.add(new RtpEncoding(Integer.toUnsignedLong(ssrcs[i]), Integer.toUnsignedLong(ssrcs[encodings + i])));
        }
        this.parameters = new RtpParameters(sent.kind(), codecs, announced, headerExtensions,
                producer.participantId(), sent.trackId(), sent.cname());
        this.numbering = numbering;
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

    /** Packet path: one packet of the producer's {@code slot}, sent under this consumer's SSRC and numbering. */
    void sendRtp(int slot, byte[] buffer, int offset, int length) {
        if (!numbering.sends(RtpHeader.payloadType(buffer, offset))) {
            transport.dropCodecNotTaken(ssrcs[slot]);
            return;
        }
        transport.sendRtp(buffer, offset, length, numbering, ssrcs[slot]);
    }

    /** This consumer's SSRC for the producer's {@code slot}. */
    int ssrcOf(int slot) {
        return ssrcs[slot];
    }

    /** The producer's SSRC behind {@code ownSsrc} (one of this consumer's), or 0 when it is not known (yet). Packet path. */
    int producerSsrcOf(int ownSsrc) {
        for (int i = 0; i < ssrcs.length; i++) {
            if (ssrcs[i] == ownSsrc && ownSsrc != 0) {
                return producer.slots()[i];
            }
        }
        return 0;
    }

    /** This consumer's SSRCs (not 0). Do not modify. */
    int[] ownSsrcs() {
        return knownSsrcs;
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
