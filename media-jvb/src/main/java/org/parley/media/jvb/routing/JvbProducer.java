package org.parley.media.jvb.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import org.parley.media.jvb.repair.MissingPackets;
import org.parley.media.jvb.repair.PacketCache;
import org.parley.media.jvb.rtcp.ReceptionStatistics;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.HeaderExtensions;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.speech.AudioLevel;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TrackSource;

/**
 * A track one transport receives, and its fan-out: every media packet goes to each consumer whose transport is
 * connected, in that subscriber's numbering. The track's SSRCs sit in slots (see {@link TrackSsrcs}); a consumer sends
 * each slot under an SSRC of its own, so a slot learned late changes nothing for subscribers. Consumers and slots are
 * copy-on-write arrays, so forwarding takes no lock and allocates nothing.
 *
 * <p>Repair, for video that can be retransmitted: each layer's last packets are kept ({@link PacketCache}), and a
 * subscriber's NACK is answered from there, to it alone ({@link #resend}). A packet lost on the publisher's own link
 * is NACKed by the server ({@link MissingPackets}); its retransmission fills the cache and goes to every consumer of
 * that layer, since none of them had it. Other retransmissions from the publisher (its padding and probes) go nowhere.
 */
public final class JvbProducer implements Producer {

    private static final JvbConsumer[] NONE = new JvbConsumer[0];
    private static final long ACTIVE_NANOS = 500_000_000L;
    /** Where a retransmission from the cache is built: room for the two bytes RTX adds. */
    private static final ThreadLocal<byte[]> RETRANSMISSION = ThreadLocal.withInitial(() -> new byte[PacketCache.MAX_PACKET + 2]);

    private final String id;
    private final JvbWebRtcTransport transport;
    private final RtpParameters parameters;
    private final TrackSource source;
    private final FanOutLanes lanes;
    /** Whether packets go out over the fan-out lanes; the receiving thread's alone. */
    private boolean parallel;
    /** Media SSRC of each encoding, then RTX of each; 0 where none is known. Replaced whole when one is learned. */
    private volatile int[] slots;
    private final boolean[] possibleSlots;
    private final int encodingCount;
    /** When each layer's media last arrived: the publisher's receive thread only. */
    private final long[] lastArrivalNanos;
    /** What arrived of each layer, for the server's own receiver reports to the publisher. */
    private final ReceptionStatistics[] reception;
    /** Each layer's bitrate over the last full second, and the bytes of the second under way (receive thread). */
    private final AtomicLongArray layerBitrates;
    /**
     * Each layer's bitrate in its last second that was followed by another with media: what it costs to watch again
     * once it was paused (the second in which it stopped is only partly filled, so it does not count).
     */
    private final AtomicLongArray lastActiveBitrates;
    private final long[] previousWindowBitrates;
    private final long[] layerBytes;
    private long layerSecondStart = -1;
    private final KeyFrameLimiter keyFrames;
    private final RoutingCounters counters;
    /** Per layer, for video with retransmission; otherwise null. */
    private final PacketCache[] caches;
    private final MissingPackets[] missing;
    /** The publisher's RTX payload type for each media payload type, and back; -1 where none. */
    private final int[] rtxPayloadTypes = new int[128];
    private final int[] mediaPayloadTypes = new int[128];
    /** For audio that carries its level (RFC 6464): the extension's id and the level heard; otherwise 0 and null. */
    private final int audioLevelId;
    private final AudioLevel audioLevel;

    private volatile JvbConsumer[] consumers = NONE;
    private volatile boolean closed; // written under this object's lock, with consumers
    private volatile boolean paused;

    JvbProducer(String id, JvbWebRtcTransport transport, RtpParameters parameters, TrackSource source, int[] slots) {
        this.id = id;
        this.source = source;
        this.lanes = transport.router().lanes();
        this.transport = transport;
        this.parameters = parameters;
        this.slots = slots;
        this.possibleSlots = TrackSsrcs.possible(parameters);
        this.encodingCount = parameters.encodings().size();
        this.lastArrivalNanos = new long[encodingCount];
        int clockRate = parameters.codecs().isEmpty() ? 90_000 : parameters.codecs().get(0).clockRate();
        this.layerBitrates = new AtomicLongArray(encodingCount);
        this.lastActiveBitrates = new AtomicLongArray(encodingCount);
        this.previousWindowBitrates = new long[encodingCount];
        this.layerBytes = new long[encodingCount];
        this.reception = new ReceptionStatistics[encodingCount];
        for (int i = 0; i < encodingCount; i++) {
            reception[i] = new ReceptionStatistics(clockRate);
        }
        Arrays.fill(rtxPayloadTypes, -1);
        Arrays.fill(mediaPayloadTypes, -1);
        boolean nack = false;
        for (RtpCodec codec : parameters.codecs()) {
            int apt = codec.isRtx() ? SubscriberNumbering.apt(codec) : -1;
            if (apt >= 0 && apt < 128) {
                rtxPayloadTypes[apt] = codec.payloadType() & 0x7F;
                mediaPayloadTypes[codec.payloadType() & 0x7F] = apt;
            }
            nack |= !codec.isRtx() && codec.rtcpFeedback().stream().anyMatch(f -> f.trim().equalsIgnoreCase("nack"));
        }
        boolean repairable = parameters.kind() == MediaKind.VIDEO && nack && canRetransmit();
        this.caches = repairable ? new PacketCache[encodingCount] : null;
        this.missing = repairable ? new MissingPackets[encodingCount] : null;
        for (int i = 0; repairable && i < encodingCount; i++) {
            caches[i] = new PacketCache();
            missing[i] = new MissingPackets();
        }
        this.audioLevelId = parameters.kind() != MediaKind.AUDIO ? 0 : parameters.headerExtensions().stream()
                .filter(e -> e.uri().equals(RtpHeaderExtension.AUDIO_LEVEL)).mapToInt(RtpHeaderExtension::id).findFirst().orElse(0);
        this.audioLevel = audioLevelId == 0 ? null : new AudioLevel();
        JvbRouter router = transport.router();
        this.counters = router.counters();
        // Held-back requests are sent later on the router's delayer, in the router's name.
        this.keyFrames = new KeyFrameLimiter(router.nanoClock(), KeyFrameLimiter.DEFAULT_INTERVAL_NANOS,
                router.delayer(), this::sendKeyFrameRequest);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String participantId() {
        return transport.participantId();
    }

    @Override
    public MediaKind kind() {
        return parameters.kind();
    }

    @Override
    public TrackSource source() {
        return source;
    }

    @Override
    public RtpParameters rtpParameters() {
        return parameters;
    }

    /**
     * Sends a PLI for each media SSRC to the publisher, at most once per rate-limit interval (one held back is sent
     * when the interval ends). No-op for audio.
     */
    @Override
    public void requestKeyFrame() {
        if (closed || kind() != MediaKind.VIDEO || !keyFrames.tryPass()) {
            return;
        }
        sendKeyFrameRequest();
    }

    private void sendKeyFrameRequest() {
        if (closed) {
            return;
        }
        byte[] scratch = RtcpScratch.get();
        int length = 0;
        int[] current = slots;
        for (int i = 0; i < encodingCount; i++) {
            if (current[i] == 0) {
                continue; // not learned yet: its first packets are a key frame anyway
            }
            if (length + RtcpFeedback.PLI_LENGTH > RtcpScratch.SIZE) {
                transport.sendRtcp(scratch, 0, length);
                length = 0;
            }
            length += RtcpFeedback.writePli(scratch, length, transport.router().rtcpSsrc(), current[i]);
        }
        if (length > 0) {
            transport.sendRtcp(scratch, 0, length);
            counters.keyFrameRequests.increment();
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        if (paused) {
            paused = false;
            requestKeyFrame();
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void close() {
        JvbConsumer[] detached;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            detached = consumers;
            consumers = NONE;
        }
        transport.forget(this);
        for (JvbConsumer consumer : detached) {
            consumer.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The open consumers. Do not modify. */
    JvbConsumer[] consumersNow() {
        return consumers;
    }

    /** Open consumers, for tests and load reporting. */
    public int consumerCount() {
        return consumers.length;
    }

    JvbWebRtcTransport transport() {
        return transport;
    }

    /** Media SSRC of each encoding, then RTX of each, 0 where none is known. Do not modify. */
    int[] slots() {
        return slots;
    }

    /** Which slots can ever carry a stream (known, or to be learned). */
    boolean[] possibleSlots() {
        return possibleSlots;
    }

    /** The slot {@code ssrc} is in, or -1. Packet path. */
    int slotOf(int ssrc) {
        int[] current = slots;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == ssrc && ssrc != 0) {
                return i;
            }
        }
        return -1;
    }

    /** Learns {@code ssrc} into {@code slot}; false when that slot is known already or can carry no stream. */
    synchronized boolean learn(int slot, int ssrc) {
        int[] current = slots;
        if (current[slot] != 0 || !possibleSlots[slot]) {
            return false;
        }
        int[] updated = current.clone();
        updated[slot] = ssrc;
        slots = updated;
        return true;
    }

    /** Whether a slot is still to be learned. */
    boolean learnsAny() {
        int[] current = slots;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == 0 && possibleSlots[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets a key frame request from a receiver through to the publisher, unless one passed moments ago (then one is
     * sent in the router's name when the interval ends) or the track is audio.
     */
    boolean admitsKeyFrameRequest() {
        return kind() == MediaKind.VIDEO && keyFrames.tryPass();
    }

    /** Each layer's bitrate, measured over whole seconds: what a subscriber needs to take it. */
    private void measure(int layer, int length, long now) {
        if (layerSecondStart < 0) {
            layerSecondStart = now;
        }
        layerBytes[layer] += length;
        long elapsed = now - layerSecondStart;
        if (elapsed >= 1_000_000_000L) {
            for (int i = 0; i < encodingCount; i++) {
                long bitrate = layerBytes[i] * 8 * 1_000_000_000L / elapsed;
                layerBitrates.setRelease(i, bitrate);
                if (bitrate > 0 && previousWindowBitrates[i] > 0) {
                    lastActiveBitrates.setRelease(i, previousWindowBitrates[i]);
                }
                previousWindowBitrates[i] = bitrate;
                layerBytes[i] = 0;
            }
            layerSecondStart = now;
        }
    }

    /**
     * What {@code layer} costs a subscriber, in bits per second: what it took over the last second, never less than
     * the layer below. An encoder starved for a moment may send its top layer at less than its lowest for a second:
     * read as it is, that would make moving up free, and a subscriber on a slow link would be moved up into loss.
     *
     * <p>While it is paused (nobody watched it), what it took when it last came, and at least twice the layer below:
     * each layer has four times the pixels of the one beneath, and encoders give it two to four times the bits, but
     * the last reading may be from an encoder that was starved, or had only just started the layer. Costed too low,
     * a subscriber on a slow link would be moved up, the publisher asked to encode the layer again, and it would
     * arrive at its full rate, into loss.
     *
     * <p>0 before it ever came: unknown, so subscribers may take it and it does not get paused before the publisher's
     * encoder has even started it.
     */
    long layerBitrate(int layer) {
        long now = layerBitrates.getAcquire(layer);
        if (layer == 0) {
            return now;
        }
        long below = layerBitrate(layer - 1);
        if (now > 0) {
            return Math.max(now, below);
        }
        long remembered = lastActiveBitrates.getAcquire(layer);
        return remembered == 0 ? 0 : Math.max(remembered, 2 * below);
    }

    /** How loud this track is, for audio that says so; otherwise null. */
    AudioLevel audioLevel() {
        return audioLevel;
    }

    /**
     * The worst loss a subscriber of this (audio) track reported lately, as a fraction of 256, at most
     * {@code cap}: what its encoder's in-band FEC should cover.
     */
    int worstSubscriberLoss(long now, long maxAgeNanos, int cap) {
        int worst = 0;
        for (JvbConsumer consumer : consumers) {
            worst = Math.max(worst, consumer.recentFractionLost(now, maxAgeNanos));
        }
        return Math.min(worst, cap);
    }

    /** What arrived of {@code layer}'s media. */
    ReceptionStatistics reception(int layer) {
        return reception[layer];
    }

    /** Layers (encodings): more than one with simulcast. */
    int layerCount() {
        return encodingCount;
    }

    /** Whether the track can have retransmission streams at all. */
    boolean canRetransmit() {
        for (int i = encodingCount; i < possibleSlots.length; i++) {
            if (possibleSlots[i]) {
                return true;
            }
        }
        return false;
    }

    /** Packet path: one RTP packet of this track, sent under {@code ssrc} and arrived at {@code now}, to the consumers it is for. */
    void forwardRtp(int ssrc, byte[] buffer, int offset, int length, long now) {
        int slot = slotOf(ssrc);
        if (slot < 0) {
            return;
        }
        if (slot < encodingCount) {
            reception[slot].onPacket(RtpHeader.sequenceNumber(buffer, offset), Bytes.readInt(buffer, offset + 4), now);
        }
        if (paused) {
            return;
        }
        if (audioLevel != null) {
            int level = HeaderExtensions.byteValue(buffer, offset, length, audioLevelId);
            if (level >= 0) {
                audioLevel.onPacket(level);
            }
        }
        if (slot >= encodingCount) {
            forwardRetransmission(slot - encodingCount, buffer, offset, length, now);
            return;
        }
        lastArrivalNanos[slot] = now;
        measure(slot, length, now);
        if (caches != null) {
            caches[slot].store(buffer, offset, length, now);
            int lost = missing[slot].onArrival(RtpHeader.sequenceNumber(buffer, offset));
            if (lost > 0) {
                counters.publisherLosses.add(lost);
                requestMissing(slot, now);
            }
        }
        fanOut(LaneQueue.MEDIA, slot, topActiveLayer(now), buffer, offset, length, now);
    }

    /** The receiving thread: a packet (or a repair) to every consumer, over the lanes when there are many. */
    private void fanOut(int kind, int layer, int topActiveLayer, byte[] buffer, int offset, int length, long now) {
        if (fansOutInParallel()) {
            lanes.dispatch(kind, this, layer, topActiveLayer, buffer, offset, length, now);
            sendOnLane(0, kind, layer, topActiveLayer, buffer, offset, length, now);
            return;
        }
        for (JvbConsumer consumer : consumers) {
            send(consumer, kind, layer, topActiveLayer, buffer, offset, length, now);
        }
    }

    /**
     * The receiving thread: whether this producer's packets go out over {@link FanOutLanes}. Once it has that many
     * consumers it stays so, since a consumer must not be served by two threads at once.
     */
    private boolean fansOutInParallel() {
        if (!parallel && consumers.length >= FanOutLanes.PARALLEL_FROM && lanes.hasWorkers()) {
            parallel = true;
        }
        return parallel;
    }

    /** The receiving thread (lane 0) or a fan-out worker: sends a packet to the consumers of {@code lane}. */
    void sendOnLane(int lane, int kind, int layer, int topActiveLayer, byte[] buffer, int offset, int length, long now) {
        for (JvbConsumer consumer : consumers) {
            if (consumer.lane() == lane) {
                send(consumer, kind, layer, topActiveLayer, buffer, offset, length, now);
            }
        }
    }

    private static void send(JvbConsumer consumer, int kind, int layer, int topActiveLayer, byte[] buffer, int offset,
                             int length, long now) {
        if (kind == LaneQueue.MEDIA) {
            consumer.sendRtp(layer, topActiveLayer, buffer, offset, length, now);
        } else {
            consumer.sendRepair(layer, buffer, offset, length);
        }
    }

    /**
     * The highest layer whose media arrived in the last half second: a publisher drops its upper layers when its own
     * link or encoder cannot carry them, and a subscriber must then move down.
     */
    private int topActiveLayer(long now) {
        for (int layer = encodingCount - 1; layer > 0; layer--) {
            if (lastArrivalNanos[layer] != 0 && now - lastArrivalNanos[layer] < ACTIVE_NANOS) {
                return layer;
            }
        }
        return 0;
    }

    /**
     * A retransmission the server asked for goes to every consumer of its layer (none had the packet) and into the
     * cache. Retransmissions nobody asked for (the publisher's padding and probes for its own link, late answers)
     * go nowhere.
     */
    private void forwardRetransmission(int layer, byte[] buffer, int offset, int length, long now) {
        int original = RtpHeader.originalSequenceNumber(buffer, offset, length);
        int mediaPayloadType = mediaPayloadTypes[RtpHeader.payloadType(buffer, offset)];
        if (original < 0 || caches == null || mediaPayloadType < 0 || !missing[layer].repaired(original)) {
            return;
        }
        caches[layer].storeRetransmitted(buffer, offset, length, slots[layer], mediaPayloadType, now);
        fanOut(LaneQueue.REPAIR, layer, 0, buffer, offset, length, now);
    }

    /**
     * The subscriber's receive thread: resends packet {@code sequence} of {@code layer} (the publisher's number) from
     * the cache to {@code consumer}, as a retransmission.
     *
     * @return false when it is not in the cache (too old, never arrived) or the track keeps none
     */
    boolean resend(JvbConsumer consumer, int layer, int sequence, long now) {
        if (caches == null) {
            return false;
        }
        byte[] scratch = RETRANSMISSION.get();
        int length = caches[layer].copyAsRetransmission(sequence, rtxPayloadTypes, scratch, now);
        if (length < 0) {
            return false;
        }
        consumer.sendResend(layer, scratch, 0, length);
        return true;
    }

    /** NACKs the packets of every layer that went missing on the publisher's link and are due (again). */
    void requestMissing(long now) {
        for (int layer = 0; missing != null && layer < encodingCount; layer++) {
            requestMissing(layer, now);
        }
    }

    private void requestMissing(int layer, long now) {
        int ssrc = slots[layer];
        if (ssrc == 0 || closed) {
            return;
        }
        byte[] scratch = RtcpScratch.get();
        int entries = missing[layer].writeDueRequests(scratch, RtcpFeedback.FCI, now);
        if (entries > 0) {
            int length = RtcpFeedback.FCI + entries * RtcpFeedback.NACK_ENTRY_LENGTH;
            RtcpHeader.write(scratch, 0, RtcpFeedback.FMT_NACK, RtcpHeader.RTPFB, length);
            Bytes.writeInt(scratch, 4, transport.router().rtcpSsrc());
            Bytes.writeInt(scratch, 8, ssrc);
            transport.sendRtcp(scratch, 0, length);
        }
    }

    /**
     * Packet path: this track's sender report for {@code ssrc} (one RTCP packet whose sender SSRC is at {@code offset
     * + 4}, in a scratch buffer that may be changed) to every consumer, each under its own SSRC for that stream.
     */
    void forwardSenderReport(int ssrc, byte[] scratch, int offset, int length) {
        int slot = slotOf(ssrc);
        if (slot < 0 || slot >= encodingCount) {
            return;
        }
        reception[slot].onSenderReport(Bytes.readInt(scratch, offset + 10), transport.router().nanoClock().getAsLong());
        if (paused) {
            return;
        }
        int rtpTimestamp = Bytes.readInt(scratch, offset + 16);
        for (JvbConsumer consumer : consumers) {
            consumer.sendSenderReport(slot, scratch, offset, length, rtpTimestamp);
        }
    }

    /** Adds a consumer unless this producer is closed. */
    synchronized boolean attach(JvbConsumer consumer) {
        if (closed) {
            return false;
        }
        JvbConsumer[] updated = Arrays.copyOf(consumers, consumers.length + 1);
        updated[consumers.length] = consumer;
        consumers = updated;
        return true;
    }

    synchronized void detach(JvbConsumer consumer) {
        JvbConsumer[] current = consumers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == consumer) {
                JvbConsumer[] updated = new JvbConsumer[current.length - 1];
                System.arraycopy(current, 0, updated, 0, i);
                System.arraycopy(current, i + 1, updated, i, current.length - i - 1);
                consumers = updated;
                return;
            }
        }
    }
}
