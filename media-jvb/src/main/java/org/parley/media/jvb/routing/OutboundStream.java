package org.parley.media.jvb.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.H264Payload;
import org.parley.media.jvb.rtp.HeaderExtensions;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.jvb.rtp.Vp8Descriptor;
import org.parley.media.spi.RtpCodec;

/**
 * What one consumer sends: one stream under its own SSRC (and RTX SSRC), whichever of the producer's layers it
 * carries. A layer change happens only where the new layer starts a key frame, and sequence numbers, timestamps and
 * VP8 picture ids are shifted so that the subscriber sees one continuous stream (mediasoup's per-consumer rewrite, in
 * spirit). A track of one layer is forwarded from its first packet, with nothing shifted.
 *
 * <p>Decisions about media and the server's repairs are made on the publisher's receive thread, which then sends at
 * once with the {@link Outgoing} they prepared; resends from the cache are made on the subscriber's receive thread,
 * with an {@link Outgoing} of their own, so the two never write the same fields. The layer and the offsets are read
 * by both (volatile; they change only at a layer switch).
 */
final class OutboundStream {

    private static final long VIDEO_CLOCK_RATE = 90_000;

    private final HeaderRewrite numbering;
    /** The subscriber's transport-wide sequence number extension id (0: not negotiated), and who numbers. */
    private final int transportWideId;
    private final SubscriberBandwidth bandwidth;
    private final LongSupplier clock;
    private final int ssrc;
    private final int rtxSsrc;
    private final boolean switching;
    private final boolean[] vp8 = new boolean[128];
    private final boolean[] h264 = new boolean[128];
    /** RTX payload types whose media codec is VP8 (by apt). */
    private final boolean[] vp8Rtx = new boolean[128];

    private volatile int layer;
    private volatile int targetLayer;
    private volatile int sequenceOffset;
    /** The subscriber's first sequence number of the layer forwarded now: older ones were another layer's. */
    private volatile int epochStart;

    private volatile int timestampOffset;
    private volatile int pictureIdOffset;
    private volatile int tl0Offset;

    // The publisher's receive thread only (its RTP and its sender reports).
    private boolean sentAny;
    private int lastSequence;
    private int lastTimestamp;
    private int lastPictureId = Vp8Descriptor.ABSENT;
    private int lastTl0 = Vp8Descriptor.ABSENT;
    private long lastSentNanos;
    /** Also taken by padding sent from the probing task. */
    private final AtomicInteger rtxSequence;

    /** The packet the publisher's thread sends now (media, or the server's repair), and a resend from the cache. */
    private final Outgoing fromPublisher = new Outgoing();
    private final Outgoing fromCache = new Outgoing();

    /**
     * @param switching whether the producer has several layers to choose from (simulcast video); if not, layer 0 is
     *                  forwarded as it comes
     */
    OutboundStream(HeaderRewrite numbering, int ssrc, int rtxSsrc, boolean switching, Iterable<RtpCodec> producerCodecs,
                   int initialRtxSequence, int transportWideId, SubscriberBandwidth bandwidth, LongSupplier clock) {
        this.numbering = numbering;
        this.transportWideId = transportWideId;
        this.bandwidth = bandwidth;
        this.clock = clock;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.switching = switching;
        this.layer = switching ? -1 : 0;
        this.rtxSequence = new AtomicInteger(initialRtxSequence);
        for (RtpCodec codec : producerCodecs) {
            vp8[codec.payloadType() & 0x7F] = codec.mimeSubtype().equalsIgnoreCase("VP8");
            h264[codec.payloadType() & 0x7F] = codec.mimeSubtype().equalsIgnoreCase("H264");
        }
        for (RtpCodec codec : producerCodecs) {
            int apt = codec.isRtx() ? SubscriberNumbering.apt(codec) : -1;
            vp8Rtx[codec.payloadType() & 0x7F] = apt >= 0 && apt < 128 && vp8[apt];
        }
    }

    /** The layer forwarded now, or -1 before the first key frame of a simulcast track. */
    int layer() {
        return layer;
    }

    int targetLayer() {
        return targetLayer;
    }

    /** The layer to move to at its next key frame (simulcast only). */
    void target(int target) {
        if (switching) {
            targetLayer = target;
        }
    }

    /** What the subscriber's sequence numbers are, minus the publisher's of the current layer. */
    int sequenceOffset() {
        return sequenceOffset;
    }

    /** Whether the subscriber's {@code sequence} belongs to the layer forwarded now (not to one before a switch). */
    boolean inCurrentLayer(int sequence) {
        // A track of one layer never switches: every number is the layer's (half of them would fail the check below).
        return !switching || ((sequence - epochStart) & 0x8000) == 0;
    }

    /**
     * The publisher's receive thread: decides about one media packet of {@code packetLayer}. A packet of another layer
     * than the current one is sent only when it is the target layer's and starts a key frame.
     *
     * @return how to rewrite the sender's copy, or null not to send it
     */
    RtpRewrite admit(int packetLayer, byte[] buffer, int offset, int length, long nowNanos) {
        int payload = RtpHeader.payloadOffset(buffer, offset, length);
        if (payload < 0) {
            return null;
        }
        int payloadLength = length - payload - RtpHeader.paddingLength(buffer, offset, length);
        int payloadType = RtpHeader.payloadType(buffer, offset);
        if (packetLayer != layer) {
            if (packetLayer != targetLayer || !startsKeyFrame(payloadType, buffer, offset + payload, payloadLength)) {
                return null;
            }
            switchTo(packetLayer, buffer, offset, payload, payloadLength, payloadType, nowNanos);
        }
        Outgoing out = fromPublisher;
        out.rtx = false;
        out.sequence = (RtpHeader.sequenceNumber(buffer, offset) + sequenceOffset) & 0xFFFF;
        out.timestamp = Bytes.readInt(buffer, offset + 4) + timestampOffset;
        shiftPictureIds(out, payloadType, buffer, offset + payload, payloadLength);
        remember(out, nowNanos);
        return out;
    }

    /** The publisher's receive thread: the server's repair (the publisher's RTX) of a packet of {@code packetLayer}. */
    RtpRewrite admitRepair(int packetLayer, byte[] buffer, int offset, int length) {
        return admitRetransmission(fromPublisher, packetLayer, buffer, offset, length);
    }

    /** The subscriber's receive thread: a resend from the cache (built as RTX) of a packet of {@code packetLayer}. */
    RtpRewrite admitResend(int packetLayer, byte[] buffer, int offset, int length) {
        return admitRetransmission(fromCache, packetLayer, buffer, offset, length);
    }

    /** A retransmission of the current layer's packet, under this stream's RTX SSRC; null when it cannot go. */
    private RtpRewrite admitRetransmission(Outgoing out, int packetLayer, byte[] buffer, int offset, int length) {
        int payload = RtpHeader.payloadOffset(buffer, offset, length);
        if (packetLayer != layer || rtxSsrc == 0 || payload < 0 || length - payload < 2) {
            return null;
        }
        out.rtx = true;
        out.sequence = nextRtxSequence();
        out.originalSequence = (Bytes.readShort(buffer, offset + payload) + sequenceOffset) & 0xFFFF;
        out.timestamp = Bytes.readInt(buffer, offset + 4) + timestampOffset;
        int inner = payload + 2;
        int innerLength = length - inner - RtpHeader.paddingLength(buffer, offset, length);
        out.pictureId = Vp8Descriptor.ABSENT;
        out.tl0 = Vp8Descriptor.ABSENT;
        int pictureIdShift = pictureIdOffset;
        int tl0Shift = tl0Offset;
        if (innerLength > 0 && (pictureIdShift != 0 || tl0Shift != 0) && vp8Rtx[RtpHeader.payloadType(buffer, offset)]) {
            int pictureId = Vp8Descriptor.pictureId(buffer, offset + inner, innerLength);
            int tl0 = Vp8Descriptor.tl0PicIdx(buffer, offset + inner, innerLength);
            out.pictureId = pictureId == Vp8Descriptor.ABSENT ? pictureId : (pictureId + pictureIdShift) & 0x7FFF;
            out.tl0 = tl0 == Vp8Descriptor.ABSENT ? tl0 : (tl0 + tl0Shift) & 0xFF;
        }
        return out;
    }

    /**
     * A sender report of the current layer, in a scratch copy: under this stream's SSRC, its RTP timestamp (as the
     * publisher wrote it) shifted.
     *
     * @return false when the report is about another layer
     */
    boolean admitSenderReport(int packetLayer, byte[] scratch, int offset, int rtpTimestamp) {
        if (packetLayer != layer) {
            return false;
        }
        Bytes.writeInt(scratch, offset + 4, ssrc);
        Bytes.writeInt(scratch, offset + 16, rtpTimestamp + timestampOffset);
        return true;
    }

    /** The next sequence number of the retransmission stream (retransmissions and padding). */
    int nextRtxSequence() {
        return rtxSequence.getAndIncrement() & 0xFFFF;
    }

    private boolean startsKeyFrame(int payloadType, byte[] buffer, int payload, int length) {
        if (vp8[payloadType]) {
            return Vp8Descriptor.startsKeyFrame(buffer, payload, length);
        }
        return h264[payloadType] && H264Payload.startsKeyFrame(buffer, payload, length);
    }

    /** Continues the numbering from the last packet sent: the new layer's first packet follows it. */
    private void switchTo(int newLayer, byte[] buffer, int offset, int payload, int payloadLength, int payloadType,
                          long nowNanos) {
        epochStart = sentAny ? (lastSequence + 1) & 0xFFFF : RtpHeader.sequenceNumber(buffer, offset);
        if (sentAny) {
            sequenceOffset = (lastSequence + 1 - RtpHeader.sequenceNumber(buffer, offset)) & 0xFFFF;
            long elapsed = Math.max(1, (nowNanos - lastSentNanos) * VIDEO_CLOCK_RATE / 1_000_000_000L);
            timestampOffset = (int) (lastTimestamp + elapsed) - Bytes.readInt(buffer, offset + 4);
            if (vp8[payloadType]) {
                int pictureId = Vp8Descriptor.pictureId(buffer, offset + payload, payloadLength);
                int tl0 = Vp8Descriptor.tl0PicIdx(buffer, offset + payload, payloadLength);
                pictureIdOffset = pictureId == Vp8Descriptor.ABSENT || lastPictureId == Vp8Descriptor.ABSENT
                        ? 0 : lastPictureId + 1 - pictureId;
                tl0Offset = tl0 == Vp8Descriptor.ABSENT || lastTl0 == Vp8Descriptor.ABSENT ? 0 : lastTl0 + 1 - tl0;
            }
        }
        layer = newLayer;
    }

    private void shiftPictureIds(Outgoing out, int payloadType, byte[] buffer, int payload, int payloadLength) {
        out.pictureId = Vp8Descriptor.ABSENT;
        out.tl0 = Vp8Descriptor.ABSENT;
        if (!vp8[payloadType] || !switching) {
            return;
        }
        int pictureId = Vp8Descriptor.pictureId(buffer, payload, payloadLength);
        int tl0 = Vp8Descriptor.tl0PicIdx(buffer, payload, payloadLength);
        if (pictureId != Vp8Descriptor.ABSENT) {
            out.pictureId = (pictureId + pictureIdOffset) & 0x7FFF;
        }
        if (tl0 != Vp8Descriptor.ABSENT) {
            out.tl0 = (tl0 + tl0Offset) & 0xFF;
        }
    }

    /** Keeps the newest values sent (reordered packets do not move them back). */
    private void remember(Outgoing out, long nowNanos) {
        if (!sentAny || ((out.sequence - lastSequence) & 0x8000) == 0) {
            lastSequence = out.sequence;
            lastTimestamp = out.timestamp;
            lastSentNanos = nowNanos;
            if (out.pictureId != Vp8Descriptor.ABSENT) {
                lastPictureId = out.pictureId;
            }
            if (out.tl0 != Vp8Descriptor.ABSENT) {
                lastTl0 = out.tl0;
            }
        }
        sentAny = true;
    }

    /** One packet on its way out: what the sender's copy becomes. Each instance is used by one thread only. */
    private final class Outgoing implements RtpRewrite {

        private boolean rtx;
        private int sequence;
        private int timestamp;
        private int originalSequence;
        private int pictureId;
        private int tl0;

        @Override
        public void rewrite(byte[] copy, int offset, int length) {
            Bytes.writeShort(copy, offset + 2, sequence);
            Bytes.writeInt(copy, offset + 4, timestamp);
            Bytes.writeInt(copy, offset + 8, rtx ? rtxSsrc : ssrc);
            numbering.apply(copy, offset, length);
            if (transportWideId != 0) {
                // The publisher's number for its own hop, renamed to the subscriber's id: renumbered for this one.
                int at = HeaderExtensions.shortValuePosition(copy, offset, length, transportWideId);
                if (at >= 0) {
                    Bytes.writeShort(copy, at, bandwidth.stamp(length, clock.getAsLong()));
                }
            }
            if (pictureId == Vp8Descriptor.ABSENT && tl0 == Vp8Descriptor.ABSENT && !rtx) {
                return;
            }
            int payload = RtpHeader.payloadOffset(copy, offset, length);
            if (payload < 0) {
                return;
            }
            if (rtx) {
                Bytes.writeShort(copy, offset + payload, originalSequence);
                payload += 2;
            }
            int payloadLength = length - payload - RtpHeader.paddingLength(copy, offset, length);
            if (pictureId != Vp8Descriptor.ABSENT) {
                Vp8Descriptor.writePictureId(copy, offset + payload, payloadLength, pictureId);
            }
            if (tl0 != Vp8Descriptor.ABSENT) {
                Vp8Descriptor.writeTl0PicIdx(copy, offset + payload, payloadLength, tl0);
            }
        }
    }
}
