package org.parley.media.jvb.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.jvb.repair.ResendHistory;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * A producer's track sent to one other transport of the same router, in the subscriber's numbering: one stream under
 * SSRCs of its own (chosen when it is made), whichever of the producer's layers it carries ({@link OutboundStream}),
 * with the subscriber's payload types and header extension ids, under the publisher's participant id as stream id.
 * The subscriber's NACKs are answered from the producer's cache, to it alone.
 */
public final class JvbConsumer implements Consumer {

    /** How long a wanted layer may go without a key frame before it is asked for again. */
    private static final long KEY_FRAME_RETRY_NANOS = 1_000_000_000L;

    private final String id;
    private final JvbProducer producer;
    private final JvbWebRtcTransport transport;
    private final RtpParameters parameters;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** What was resent to this subscriber lately (its receive thread only); null for audio (never NACKed). */
    private final ResendHistory resent;
    /** The subscriber's payload types and extension ids for this track. */
    private final HeaderRewrite numbering;
    private final int ssrc;
    private final int rtxSsrc;
    private final int[] ownSsrcs;
    private final OutboundStream stream;
    /** The subscriber's transport-wide sequence number extension id, 0 when it did not negotiate one. */
    private final int transportWideId;
    /** The subscriber's RTX payload type for this track, or -1. */
    private final int paddingPayloadType;
    /** The highest layer this subscriber should get (its bandwidth, its view); all by default. */
    private volatile int maxLayer = Integer.MAX_VALUE;
    /** The publisher's receive thread only. */
    private long lastKeyFrameRequestNanos;
    /** Audio: the loss (fraction of 256) the subscriber last reported on this track, and when. */
    /** Which thread sends this consumer the producer's packets in a large fan-out (see {@link FanOutLanes}). */
    private final int lane;
    private volatile int reportedFractionLost;
    private volatile long reportedAtNanos;

    /**
     * @param rtxSsrc 0 when the producer can send no retransmissions
     */
    JvbConsumer(String id, JvbProducer producer, JvbWebRtcTransport transport, List<RtpCodec> codecs,
                List<RtpHeaderExtension> headerExtensions, HeaderRewrite numbering, int ssrc, int rtxSsrc) {
        this.id = id;
        this.producer = producer;
        this.transport = transport;
        this.lane = transport.router().lanes().assignLane();
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.ownSsrcs = rtxSsrc == 0 ? new int[] {ssrc} : new int[] {ssrc, rtxSsrc};
        RtpParameters sent = producer.rtpParameters();
        this.parameters = new RtpParameters(sent.kind(), codecs,
                List.of(new RtpEncoding(Integer.toUnsignedLong(ssrc), Integer.toUnsignedLong(rtxSsrc))), headerExtensions,
                producer.participantId(), sent.trackId(), sent.cname());
        this.numbering = numbering;
        boolean video = sent.kind() == MediaKind.VIDEO;
        this.resent = video ? new ResendHistory() : null;
        this.transportWideId = headerExtensions.stream().filter(e -> e.uri().equals(RtpHeaderExtension.TRANSPORT_CC))
                .mapToInt(RtpHeaderExtension::id).findFirst().orElse(0);
        this.paddingPayloadType = codecs.stream().filter(RtpCodec::isRtx).mapToInt(RtpCodec::payloadType).findFirst().orElse(-1);
        this.stream = new OutboundStream(numbering, ssrc, rtxSsrc, video && producer.layerCount() > 1, sent.codecs(),
                ThreadLocalRandom.current().nextInt(0x10000), transportWideId, transport.bandwidth(),
                transport.router().nanoClock());
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

    /** Caps the layers this subscriber gets (0 = lowest); the switch happens at the chosen layer's next key frame. */
    void setMaxLayer(int layer) {
        maxLayer = Math.max(0, layer);
    }

    /** The highest layer this subscriber should get now. */
    int maxLayer() {
        return maxLayer;
    }

    /**
     * Packet path: one media packet of the producer's {@code layer}, given the highest layer the publisher sends now.
     * Sent if it belongs to the stream this subscriber gets, under this consumer's SSRC and numbering.
     */
    int lane() {
        return lane;
    }

    void sendRtp(int layer, int topActiveLayer, byte[] buffer, int offset, int length, long nowNanos) {
        if (!takes(buffer, offset)) {
            return;
        }
        if (producer.layerCount() > 1) {
            aimAt(Math.min(topActiveLayer, maxLayer), nowNanos);
        }
        send(buffer, offset, length, stream.admit(layer, buffer, offset, length, nowNanos));
    }

    /** The publisher's receive thread: the server's repair of a packet of {@code layer} (the publisher's RTX). */
    void sendRepair(int layer, byte[] buffer, int offset, int length) {
        if (takes(buffer, offset)) {
            send(buffer, offset, length, stream.admitRepair(layer, buffer, offset, length));
        }
    }

    /** The subscriber's receive thread: a packet of {@code layer} from the cache, built as RTX in the publisher's numbers. */
    void sendResend(int layer, byte[] buffer, int offset, int length) {
        if (takes(buffer, offset)) {
            send(buffer, offset, length, stream.admitResend(layer, buffer, offset, length));
        }
    }

    /** Whether the subscriber takes this packet's codec; a packet it does not take is dropped and counted. */
    private boolean takes(byte[] buffer, int offset) {
        if (numbering.sends(RtpHeader.payloadType(buffer, offset))) {
            return true;
        }
        transport.dropCodecNotTaken(ssrc);
        return false;
    }

    /** Sends the packet as {@code rewrite} makes it; null: the stream did not admit it. */
    private void send(byte[] buffer, int offset, int length, RtpRewrite rewrite) {
        if (rewrite != null) {
            transport.sendRtp(buffer, offset, length, rewrite);
        }
    }

    /** Packet path: a sender report of {@code layer}, in a scratch copy, sent on if it is about this stream. */
    void sendSenderReport(int layer, byte[] scratch, int offset, int length, int rtpTimestamp) {
        if (stream.admitSenderReport(layer, scratch, offset, rtpTimestamp)) {
            transport.sendRtcp(scratch, offset, length);
        }
    }

    /** Moves the target layer, and asks for the key frame a switch waits for (again if it does not come). */
    private void aimAt(int target, long nowNanos) {
        boolean retarget = target != stream.targetLayer();
        stream.target(target);
        boolean waiting = stream.layer() != target;
        if (retarget && waiting || waiting && nowNanos - lastKeyFrameRequestNanos > KEY_FRAME_RETRY_NANOS) {
            lastKeyFrameRequestNanos = nowNanos;
            producer.requestKeyFrame();
        }
    }

    /** The producer's SSRC behind {@code ownSsrc} (one of this consumer's), or 0 when it is not known (yet). Packet path. */
    int producerSsrcOf(int ownSsrc) {
        int layer = stream.layer();
        if (layer < 0 || ownSsrc == 0) {
            return 0;
        }
        int[] slots = producer.slots();
        if (ownSsrc == ssrc) {
            return slots[layer];
        }
        return ownSsrc == rtxSsrc ? slots[producer.layerCount() + layer] : 0;
    }

    /** Whether probing padding can go on this track's retransmission stream (numbered transport-wide). */
    boolean canCarryPadding() {
        return rtxSsrc != 0 && paddingPayloadType >= 0 && transportWideId != 0 && producer.kind() == MediaKind.VIDEO;
    }

    int paddingPayloadType() {
        return paddingPayloadType;
    }

    int transportWideId() {
        return transportWideId;
    }

    int nextRetransmissionSequence() {
        return stream.nextRtxSequence();
    }

    /** This consumer's SSRCs (media, then RTX if any). Do not modify. */
    int[] ownSsrcs() {
        return ownSsrcs;
    }

    /**
     * The subscriber's receive thread: it NACKed {@code sequence} (its own number). Resent from the producer's cache
     * if that is a packet of the layer forwarded now and it was not resent moments ago.
     */
    void nacked(int sequence, long nowNanos) {
        transport.router().counters().subscriberLosses.increment();
        int layer = stream.layer();
        if (resent == null || layer < 0 || !stream.inCurrentLayer(sequence) || !resent.allows(sequence, nowNanos)) {
            return;
        }
        int publishers = (sequence - stream.sequenceOffset()) & 0xFFFF;
        if (producer.resend(this, layer, publishers, nowNanos)) {
            resent.resent(sequence, nowNanos);
            transport.countResent();
            transport.router().counters().retransmissions.increment();
        } else {
            transport.countUnrepairable();
        }
    }

    /** The subscriber's receive thread: it reported {@code fractionLost} (of 256) on this track in a report block. */
    void reportedLoss(int fractionLost, long nowNanos) {
        reportedFractionLost = fractionLost;
        reportedAtNanos = nowNanos;
    }

    /** The loss the subscriber reported within {@code maxAgeNanos}, as a fraction of 256; 0 without a recent report. */
    int recentFractionLost(long nowNanos, long maxAgeNanos) {
        return nowNanos - reportedAtNanos <= maxAgeNanos ? reportedFractionLost : 0;
    }

    /** The receiving transport. */
    JvbWebRtcTransport transport() {
        return transport;
    }
}
