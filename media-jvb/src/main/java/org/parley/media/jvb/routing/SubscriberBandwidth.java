package org.parley.media.jvb.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.jvb.bwe.BandwidthEstimator;
import org.parley.media.jvb.bwe.DelaySignal;
import org.parley.media.jvb.bwe.SentPackets;
import org.parley.media.jvb.rtcp.TransportFeedback;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.TrackSource;

/**
 * One subscriber's downlink: the transport-wide numbers on everything the server sends it, the estimate its feedback
 * gives ({@link BandwidthEstimator}), the layers that fit in it, and the probes that find out whether more would.
 *
 * <p>Layers: every simulcast track the subscriber receives gets its lowest layer first; what is left of the estimate
 * then raises tracks one by one, shared screens first, then the dominant and most recent speakers, each to the highest
 * layer that still fits; in a large room only the last N speakers' cameras are raised (see {@link #allocate}). Tracks
 * of one layer and audio take what they take.
 *
 * <p>Probes: while the tracks' upper layers would need more than the estimate and no queue is growing, padding goes
 * out on top of the media every {@link #PROBE_INTERVAL_NANOS} at most (on the retransmission stream of a video track,
 * which the subscriber drops), and whether it arrived as fast as it left says whether the link carries more; one that
 * found no limit is followed by the next after {@link #PROBE_AGAIN_NANOS}. After a large drop in the
 * estimate, one probe goes out as soon as the queues have drained ({@link BandwidthEstimator#recoveryProbeBps}): a
 * watcher whose machine stalled for a moment is back at the top layer in about a second, not after the next interval.
 */
final class SubscriberBandwidth implements TransportFeedback.Reader {

    static final long PROBE_INTERVAL_NANOS = 4_000_000_000L;
    /** Probes that find nothing come less often, down to one in this long. */
    static final long PROBE_BACKOFF_NANOS = 8_000_000_000L;
    /** After a probe that found no limit (it all arrived as fast as it left), the next comes this soon. */
    static final long PROBE_AGAIN_NANOS = 1_000_000_000L;
    static final long CHECK_INTERVAL_NANOS = 500_000_000L;
    /**
     * A probe sends padding on top of the media for {@value #PROBE_BURSTS} bursts {@value #PROBE_BURST_MILLIS} ms
     * apart, so that the whole goes out at up to {@value #PROBE_FACTOR} times the estimate (no more than the tracks
     * want). Paced rather than all at once: a shaper's burst allowance would let a single train through at line rate
     * and fake a fast link, and on a full link it adds only what {@link #PROBE_BURSTS} bursts hold to the queue.
     */
    static final int PROBE_BURSTS = 6;
    static final int PROBE_BURST_MILLIS = 10;
    static final int PROBE_FACTOR = 3;
    static final int PADDING_PACKET = 275;
    /** The share of the estimate layers may take: the rest absorbs retransmissions, probes and key frames. */
    static final double HEADROOM = 0.85;
    /**
     * A layer above the one a track has must fit with this much to spare: on a link close to the border between two
     * layers, every switch up would otherwise be followed by one down (and each up costs a key frame).
     */
    static final int UPGRADE_MARGIN_PERCENT = 20;
    /** Kept free for audio and RTCP, per audio track. */
    private static final long AUDIO_BPS = 40_000L;

    private final JvbWebRtcTransport transport;
    private final SentPackets sent;
    private final BandwidthEstimator estimator = new BandwidthEstimator();
    private final AtomicBoolean started = new AtomicBoolean();
    private final byte[] padding = new byte[PADDING_PACKET];
    /** The feedback being read: its time of arrival here. Guarded by this. */
    private long feedbackNanos;
    private long lastProbeNanos = -PROBE_BACKOFF_NANOS;
    private long probeIntervalNanos = PROBE_INTERVAL_NANOS;
    /** The estimate at which every track would get its top layer. Guarded by this. */
    private long wantedBps;
    /** Guarded by this. */
    private long unknownPackets;
    /** Reused by {@link #ranked}. Guarded by this. */
    private JvbConsumer[] ranked = new JvbConsumer[0];
    private int[] ranks = new int[0];

    SubscriberBandwidth(JvbWebRtcTransport transport, long originNanos) {
        this.transport = transport;
        this.sent = new SentPackets(originNanos);
    }

    /** Packet path, any sending thread: the transport-wide sequence number for a packet of {@code size} bytes sent now. */
    int stamp(int size, long nowNanos) {
        return sent.send(size, nowNanos);
    }

    /** Starts probing and allocating on the router's delayer (once). */
    void start() {
        if (started.compareAndSet(false, true)) {
            transport.router().delayer().runAfter(CHECK_INTERVAL_NANOS, this::checkAndRepeat);
        }
    }

    /** The subscriber's receive thread: one transport-wide feedback packet. */
    synchronized void onFeedback(byte[] buffer, int packet, long nowNanos) {
        feedbackNanos = nowNanos;
        if (!TransportFeedback.read(buffer, packet, this)) {
            transport.countMalformed();
        }
        estimator.update(nowNanos);
        allocate();
    }

    @Override
    public void packet(int sequence, boolean received, long arrivalNanos) {
        long sendNanos = sent.sendNanos(sequence);
        if (sendNanos >= 0) {
            estimator.onPacket(sequence, received, sendNanos, arrivalNanos, sent.size(sequence), feedbackNanos);
        } else {
            unknownPackets++; // never sent, or long forgotten: it says nothing about the link
        }
    }

    /** The estimate of this subscriber's downlink, in bits per second. */
    synchronized long estimate() {
        return estimator.estimate();
    }

    /** Packets the subscriber's feedback named that the server never sent (or no longer remembers). */
    synchronized long feedbackAboutUnknownPackets() {
        return unknownPackets;
    }

    private void checkAndRepeat() {
        if (transport.isClosed()) {
            return;
        }
        long now = transport.router().nanoClock().getAsLong();
        boolean probe;
        long recoveryBps = 0;
        synchronized (this) {
            allocate();
            if (estimator.lastProbeFoundNoLimit()) {
                probeIntervalNanos = PROBE_AGAIN_NANOS;
            }
            // Not while queues grow: a probe would only add to them, and read as a slow link.
            boolean worthProbing = wantedBps > estimator.estimate() && !estimator.probing(now)
                    && estimator.usage() != DelaySignal.Usage.OVERUSING;
            if (worthProbing) {
                recoveryBps = estimator.recoveryProbeBps(now);
            }
            probe = worthProbing && (recoveryBps > 0 || now - lastProbeNanos >= probeIntervalNanos);
            if (probe && recoveryBps == 0) {
                // Until this probe tells otherwise, assume it finds nothing: the next waits longer.
                probeIntervalNanos = Math.min(PROBE_BACKOFF_NANOS, Math.max(PROBE_INTERVAL_NANOS, probeIntervalNanos * 2));
            }
            if (probe) {
                lastProbeNanos = now;
            }
        }
        if (probe) {
            sendProbe(recoveryBps);
        }
        transport.router().delayer().runAfter(CHECK_INTERVAL_NANOS, this::checkAndRepeat);
    }

    /**
     * Gives each simulcast track of this subscriber the highest layers that fit the estimate: first the lowest layer
     * to all, then upgrades to shared screens, then in order of speech (the dominant speaker first, then the most
     * recent speakers, then the rest in the order they came). In a room with more simulcast cameras than last-N
     * allows, only the last N speakers' cameras go above the lowest layer. Guarded by this.
     */
    private void allocate() {
        JvbConsumer[] consumers = ranked(transport.consumersNow());
        JvbRouter router = transport.router();
        int simulcastCameras = 0;
        for (JvbConsumer consumer : consumers) {
            JvbProducer producer = consumer.producer();
            simulcastCameras += producer.layerCount() > 1 && producer.source() == TrackSource.CAMERA ? 1 : 0;
        }
        int lastN = router.lastN();
        boolean crowded = lastN > 0 && simulcastCameras > lastN;
        long budget = (long) (estimator.estimate() * HEADROOM);
        long wanted = 0;
        for (JvbConsumer consumer : consumers) {
            JvbProducer producer = consumer.producer();
            if (producer.isPaused()) {
                continue; // muted, or a screen not shared: it sends nothing
            }
            if (producer.layerCount() == 1) {
                long rate = producer.kind() == MediaKind.AUDIO ? AUDIO_BPS : producer.layerBitrate(0);
                budget -= rate;
                wanted += rate;
            } else {
                budget -= producer.layerBitrate(0);
                boolean capped = crowded && isOutsideLastN(producer, lastN);
                int top = capped ? 0 : producer.layerCount() - 1;
                long extra = extraCost(producer, top);
                // A track below its top layer needs the margin to go up; one at the top only needs to stay.
                wanted += producer.layerBitrate(0) + (consumer.maxLayer() >= top ? extra : upgradeCost(extra));
            }
        }
        for (JvbConsumer consumer : consumers) {
            JvbProducer producer = consumer.producer();
            if (producer.layerCount() == 1 || producer.isPaused()) {
                continue;
            }
            int chosen = 0;
            boolean capped = crowded && isOutsideLastN(producer, lastN);
            for (int layer = producer.layerCount() - 1; layer > 0 && !capped; layer--) {
                long extra = extraCost(producer, layer);
                long cost = layer > consumer.maxLayer() ? upgradeCost(extra) : extra;
                if (cost <= budget) {
                    chosen = layer;
                    budget -= extra;
                    break;
                }
            }
            consumer.setMaxLayer(chosen);
        }
        wantedBps = (long) (wanted / HEADROOM); // the estimate at which every track would get (or keep) its top layer
    }

    /**
     * What {@code layer} costs on top of the lowest layer, which every track gets first. Never negative: a layer that
     * has not come yet costs nothing until it does, and must not leave room for others' upgrades.
     */
    private static long extraCost(JvbProducer producer, int layer) {
        return Math.max(0, producer.layerBitrate(layer) - producer.layerBitrate(0));
    }

    private static long upgradeCost(long extra) {
        return extra + extra * UPGRADE_MARGIN_PERCENT / 100;
    }

    private boolean isOutsideLastN(JvbProducer producer, int lastN) {
        return producer.source() == TrackSource.CAMERA && transport.router().speakerRank(producer.participantId()) >= lastN;
    }

    /**
     * The consumers in the order their tracks get upgrades: screens, then by their publishers' speaker rank; stable
     * (an insertion sort into a reused array). Guarded by this.
     */
    private JvbConsumer[] ranked(JvbConsumer[] consumers) {
        if (ranked.length != consumers.length) {
            ranked = new JvbConsumer[consumers.length];
            ranks = new int[consumers.length];
        }
        JvbRouter router = transport.router();
        for (int i = 0; i < consumers.length; i++) {
            JvbProducer producer = consumers[i].producer();
            int rank = producer.source() == TrackSource.SCREEN ? -1 : router.speakerRank(producer.participantId());
            int at = i;
            while (at > 0 && ranks[at - 1] > rank) {
                ranked[at] = ranked[at - 1];
                ranks[at] = ranks[at - 1];
                at--;
            }
            ranked[at] = consumers[i];
            ranks[at] = rank;
        }
        return ranked;
    }

    /**
     * Padding on a video track's retransmission stream, in bursts, each packet with its transport-wide number: up to
     * {@value #PROBE_FACTOR} times the estimate, or to {@code recoveryBps} after a large drop, and never past what the
     * tracks want.
     */
    private void sendProbe(long recoveryBps) {
        JvbConsumer carrier = null;
        for (JvbConsumer consumer : transport.consumersNow()) {
            if (consumer.canCarryPadding()) {
                carrier = consumer;
                break;
            }
        }
        if (carrier == null) {
            return;
        }
        long target;
        long sending;
        synchronized (this) {
            target = Math.min(wantedBps + wantedBps / 10, Math.max(estimator.estimate() * PROBE_FACTOR, recoveryBps));
            sending = estimator.ackedBps();
        }
        long paddingBytes = Math.max(0, target - sending) * PROBE_BURSTS * PROBE_BURST_MILLIS / 1000 / 8;
        // Rounded up: a probe short of its rate reads as a link that carries only what it sent.
        long burstBytes = PADDING_PACKET * PROBE_BURSTS;
        int perBurst = (int) Math.max(1, Math.min(50, (paddingBytes + burstBytes - 1) / burstBytes));
        JvbConsumer chosen = carrier;
        for (int burst = 0; burst < PROBE_BURSTS; burst++) {
            boolean first = burst == 0;
            boolean last = burst == PROBE_BURSTS - 1;
            transport.router().delayer().runAfter(burst * PROBE_BURST_MILLIS * 1_000_000L,
                    () -> sendBurst(chosen, perBurst, first, last));
        }
    }

    /** Delayer thread: one burst of a probe; the first and last mark where it begins and ends. */
    private void sendBurst(JvbConsumer carrier, int packets, boolean first, boolean last) {
        if (transport.isClosed() || carrier.isClosed()) {
            return;
        }
        long now = transport.router().nanoClock().getAsLong();
        for (int i = 0; i < packets; i++) {
            int sequence = writePadding(carrier, now);
            if (first && i == 0) {
                synchronized (this) {
                    estimator.startProbe(sequence, now);
                }
            }
            transport.sendRtp(padding, 0, padding.length, null);
            if (last && i == packets - 1) {
                synchronized (this) {
                    estimator.endProbe(sequence);
                }
            }
        }
    }

    /**
     * A padding-only RTP packet (RFC 3550 §5.1: P bit, the last byte counts the padding) with one header extension
     * element, the transport-wide sequence number.
     */
    private int writePadding(JvbConsumer carrier, long nowNanos) {
        byte[] p = padding;
        p[0] = (byte) 0xB0; // V=2, P, X
        p[1] = (byte) carrier.paddingPayloadType();
        Bytes.writeShort(p, 2, carrier.nextRetransmissionSequence());
        Bytes.writeInt(p, 4, 0);
        Bytes.writeInt(p, 8, carrier.ownSsrcs()[1]);
        Bytes.writeShort(p, 12, 0xBEDE);
        Bytes.writeShort(p, 14, 1);
        p[16] = (byte) (carrier.transportWideId() << 4 | 1);
        int sequence = stamp(p.length, nowNanos);
        Bytes.writeShort(p, 17, sequence);
        p[19] = 0;
        java.util.Arrays.fill(p, 20, p.length - 1, (byte) 0);
        p[p.length - 1] = (byte) (p.length - 20);
        return sequence;
    }
}
