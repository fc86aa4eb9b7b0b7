package org.parley.media.jvb.routing;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.parley.media.jvb.rtp.HeaderExtensions;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.jvb.rtp.SsrcTable;
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.jvb.transport.SecureTransport;
import org.parley.media.jvb.transport.SecureTransportFactory;
import org.parley.media.jvb.transport.StreamStats;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TrackSource;
import org.parley.media.spi.TransportListener;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.WebRtcTransport;

/**
 * One participant's transport in a router: the SPI face of a {@link SecureTransport}, and the two SSRC lookups its
 * packets are routed with: SSRCs it sends (its producers' slots, announced or learned through {@link UnannouncedEncodings}) and
 * SSRCs it receives (its consumers' own). Both are copy-on-write maps, read without locks by
 * {@link TransportIngress}; changes take this object's lock.
 */
public final class JvbWebRtcTransport implements WebRtcTransport {

    private static final System.Logger LOG = System.getLogger(JvbWebRtcTransport.class.getName());

    /**
     * SSRCs one participant may send in all: camera, microphone and screen with three simulcast layers and RTX each
     * need under 20; the bound keeps what one participant can make the server hold small.
     */
    public static final int MAX_INCOMING_SSRCS = 64;

    private final String id;
    private final String participantId;
    private final JvbRouter router;
    private final TransportListener listener;
    private final AtomicReference<TransportState> state = new AtomicReference<>(TransportState.NEW);
    private final StreamDrops drops;
    private final LongAdder malformedPackets = new LongAdder();
    /** Packets this subscriber NACKed: resent from a cache, and not (gone from it or never arrived). */
    private final LongAdder resentPackets = new LongAdder();
    private final LongAdder unrepairablePackets = new LongAdder();
    private final LongAdder nacksOverBudget = new LongAdder();
    private final LongAdder overIngressBudget = new LongAdder();
    /** Spent by this participant's receive thread only (their RTP bytes). */
    private final RateBudget ingressBudget = new RateBudget(RateBudget.INCOMING_BYTES_PER_SECOND);
    /** Spent by this subscriber's receive thread only (its NACKs). */
    private final RateBudget nackBudget = new RateBudget(RateBudget.NACKED_PACKETS_PER_SECOND);

    private volatile SsrcTable<JvbProducer> producersBySsrc = SsrcTable.empty();
    private volatile SsrcTable<JvbConsumer> consumersBySsrc = SsrcTable.empty();
    private final UnannouncedEncodings unannounced = new UnannouncedEncodings();
    private final PublisherFeedback feedback;
    private final SubscriberBandwidth bandwidth;
    /** The consumers open now, for the bandwidth allocation (copy-on-write, read without the lock). */
    private volatile JvbConsumer[] consumersNow = new JvbConsumer[0];
    /** The publisher's id for the transport-wide sequence number extension; 0 when not negotiated. */
    private volatile int transportWideId;
    // Guarded by this.
    private final List<JvbProducer> producers = new ArrayList<>();
    private final List<JvbConsumer> consumers = new ArrayList<>();
    private boolean closed;

    /** Assigned last: the secure transport may deliver to the ingress as soon as it exists. */
    private final SecureTransport secure;

    JvbWebRtcTransport(String id, String participantId, JvbRouter router, TransportListener listener,
                       SecureTransportFactory secureTransports) {
        this.id = id;
        this.participantId = participantId;
        this.router = router;
        this.listener = listener;
        this.drops = new StreamDrops("Transport " + id + " of participant " + participantId);
        this.feedback = new PublisherFeedback(this, router.nanoClock().getAsLong());
        this.bandwidth = new SubscriberBandwidth(this, router.nanoClock().getAsLong());
        this.secure = secureTransports.create(id, new TransportIngress(this));
        secure.addOutgoingStreams(router.rtcpSsrc()); // the sender of the RTCP the router writes for this participant
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public IceParameters localIceParameters() {
        return secure.localIceParameters();
    }

    @Override
    public boolean iceLite() {
        return true;
    }

    @Override
    public List<IceCandidate> localCandidates() {
        return secure.localCandidates();
    }

    @Override
    public DtlsFingerprint localFingerprint() {
        return secure.localFingerprint();
    }

    @Override
    public void connect(IceParameters remoteIce, DtlsFingerprint remoteFingerprint) {
        Objects.requireNonNull(remoteIce, "remoteIce");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        requireOpen();
        secure.connect(remoteIce, remoteFingerprint);
    }

    @Override
    public IceParameters restartIce() {
        requireOpen();
        return secure.restartIce();
    }

    @Override
    public boolean canRestartIce() {
        return secure.canRestartIce();
    }

    @Override
    public void setRemoteIceParameters(IceParameters remote) {
        Objects.requireNonNull(remote, "remote");
        requireOpen();
        secure.setRemoteIceParameters(remote);
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        requireOpen();
        secure.addRemoteCandidate(candidate);
    }

    /**
     * @throws IllegalArgumentException if the parameters name an invalid SSRC, one this transport already receives on,
     *                                  an encoding without SSRC and no mid to learn it by, or more than
     *                                  {@link #MAX_INCOMING_SSRCS} in all
     * @throws IllegalStateException    if the transport is closed
     */
    @Override
    public JvbProducer produce(RtpParameters parameters, TrackSource source) {
        if ((source == TrackSource.MICROPHONE) != (parameters.kind() == MediaKind.AUDIO)) {
            throw new IllegalArgumentException("A " + parameters.kind() + " track cannot come from a " + source + ".");
        }
        int[] slots = TrackSsrcs.of(parameters);
        int[] ssrcs = TrackSsrcs.known(slots);
        synchronized (this) {
            requireOpen();
            SsrcTable<JvbProducer> updated = producersBySsrc;
            if (updated.size() + ssrcs.length > MAX_INCOMING_SSRCS) {
                throw new IllegalArgumentException("A participant may send at most " + MAX_INCOMING_SSRCS
                        + " SSRCs; this track would make " + (updated.size() + ssrcs.length) + ".");
            }
            for (int ssrc : ssrcs) {
                JvbProducer existing = updated.get(ssrc);
                if (existing != null) {
                    throw new IllegalArgumentException("SSRC " + Integer.toUnsignedString(ssrc)
                            + " is already sent by producer " + existing.id() + " of this transport.");
                }
            }
            JvbProducer producer = new JvbProducer(UUID.randomUUID().toString(), this, parameters, source, slots);
            for (int ssrc : ssrcs) {
                updated = updated.with(ssrc, producer);
            }
            secure.addIncomingStreams(ssrcs);
            producersBySsrc = updated;
            producers.add(producer);
            unannounced.add(producer);
            parameters.headerExtensions().stream().filter(e -> e.uri().equals(RtpHeaderExtension.TRANSPORT_CC))
                    .findFirst().ifPresent(e -> transportWideId = e.id());
            return producer;
        }
    }

    /** The default, typed as this backend's producer. */
    @Override
    public JvbProducer produce(RtpParameters parameters) {
        return produce(parameters, TrackSource.of(parameters.kind()));
    }

    /** Receive thread: whether this still encrypted packet may be the first of a stream announced without SSRC. */
    boolean claimsUnannounced(byte[] buffer, int offset, int length) {
        return unannounced.claim(buffer, offset, length) >= 0;
    }

    /**
     * Receive thread, once per learned stream: the claimed packet authenticated, so its SSRC becomes its producer's.
     *
     * @return false when it cannot (closed, learned meanwhile, or too many SSRCs)
     */
    synchronized boolean learnUnannounced(byte[] buffer, int offset, int length) {
        long claim = unannounced.claim(buffer, offset, length);
        JvbProducer producer = claim < 0 ? null : unannounced.producerOf(claim);
        int ssrc = RtpHeader.ssrc(buffer, offset);
        int slot = (int) (claim & 0xFFFF);
        if (closed || producer == null || producersBySsrc.get(ssrc) != null
                || producersBySsrc.size() >= MAX_INCOMING_SSRCS || !producer.learn(slot, ssrc)) {
            return false;
        }
        producersBySsrc = producersBySsrc.with(ssrc, producer);
        secure.addIncomingStreams(ssrc);
        if (!producer.learnsAny()) {
            unannounced.remove(producer);
        }
        LOG.log(Level.DEBUG, "Transport {0}: SSRC {1} fills slot {2} of the track of mid {3}", id,
                Integer.toUnsignedString(ssrc), slot, producer.rtpParameters().mid());
        return true;
    }

    /** In the producer's own numbering. */
    @Override
    public JvbConsumer consume(Producer producer) {
        return consume(producer, producer.rtpParameters().codecs(), producer.rtpParameters().headerExtensions());
    }

    /**
     * @throws IllegalArgumentException if {@code producer} belongs to another router or to this transport, is
     *                                  already consumed here, or a codec or extension is not its own
     * @throws IllegalStateException    if this transport or the producer is closed
     */
    @Override
    public JvbConsumer consume(Producer producer, List<RtpCodec> codecs, List<RtpHeaderExtension> headerExtensions) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(headerExtensions, "headerExtensions");
        if (!(producer instanceof JvbProducer source) || source.transport().router() != router) {
            throw new IllegalArgumentException("Producer " + producer.id() + " belongs to another room; media never crosses rooms.");
        }
        if (source.transport() == this) {
            throw new IllegalArgumentException("Producer " + producer.id()
                    + " is this participant's own track: it is not sent back.");
        }
        HeaderRewrite numbering = SubscriberNumbering.of(source.rtpParameters(), codecs, headerExtensions);
        JvbConsumer consumer;
        synchronized (this) {
            requireOpen();
            if (consumers.stream().anyMatch(c -> c.producer() == source)) {
                throw new IllegalArgumentException("Producer " + producer.id() + " is already consumed by this transport.");
            }
            SsrcTable<JvbConsumer> updated = consumersBySsrc;
            int[] ssrcs = freshSsrcs(source.canRetransmit() ? 2 : 1, updated);
            consumer = new JvbConsumer(UUID.randomUUID().toString(), source, this, codecs, headerExtensions, numbering,
                    ssrcs[0], ssrcs.length > 1 ? ssrcs[1] : 0);
            for (int ssrc : consumer.ownSsrcs()) {
                updated = updated.with(ssrc, consumer);
            }
            secure.addOutgoingStreams(consumer.ownSsrcs());
            consumersBySsrc = updated;
            consumers.add(consumer);
            consumersNow = consumers.toArray(new JvbConsumer[0]);
        }
        if (!source.attach(consumer)) {
            forget(consumer);
            throw new IllegalStateException("Producer " + producer.id() + " is closed.");
        }
        return consumer;
    }

    /** {@code count} SSRCs unused by this transport's consumers and the router. */
    private int[] freshSsrcs(int count, SsrcTable<JvbConsumer> taken) {
        int[] ssrcs = new int[count];
        for (int i = 0; i < ssrcs.length; i++) {
            while (ssrcs[i] == 0) {
                int candidate = ThreadLocalRandom.current().nextInt();
                boolean unused = candidate != 0 && candidate != router.rtcpSsrc() && taken.get(candidate) == null;
                for (int j = 0; unused && j < i; j++) {
                    unused = ssrcs[j] != candidate;
                }
                ssrcs[i] = unused ? candidate : 0;
            }
        }
        return ssrcs;
    }

    @Override
    public TransportState state() {
        return state.get();
    }

    @Override
    public void close() {
        List<JvbProducer> producing;
        List<JvbConsumer> consuming;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            producing = List.copyOf(producers);
            consuming = List.copyOf(consumers);
        }
        try {
            producing.forEach(JvbProducer::close);
            consuming.forEach(JvbConsumer::close);
            StreamStats streams = secure.streamStats();
            secure.close();
            LOG.log(Level.INFO, "Transport {0} of participant {1} in room {2} closed: at most {3} SRTP streams at once; "
                    + "dropped {4} packets of unnegotiated streams, {5} of streams without a producer",
                    id, participantId, router.roomId(), streams.peak(), streams.unnegotiatedDrops(),
                    drops.count(StreamDrops.Reason.NO_PRODUCER));
        } finally {
            router.forget(this);
            moveTo(TransportState.CLOSED);
        }
    }

    /** RTP packets dropped because no producer of this transport sends their SSRC. */
    public long unknownSsrcPackets() {
        return drops.count(StreamDrops.Reason.NO_PRODUCER);
    }

    /** The secure transport's SRTP streams and contexts, and what it dropped for lack of one. */
    public StreamStats streamStats() {
        return secure.streamStats();
    }

    /** RTP or RTCP datagrams dropped because they do not parse. */
    public long malformedPackets() {
        return malformedPackets.sum();
    }

    JvbRouter router() {
        return router;
    }

    /** The consumers open now. Do not modify. */
    JvbConsumer[] consumersNow() {
        return consumersNow;
    }

    /** This participant's downlink: its estimate and the layers that fit. */
    SubscriberBandwidth bandwidth() {
        return bandwidth;
    }

    synchronized int producerCount() {
        return producers.size();
    }

    int consumerCount() {
        return consumersNow.length;
    }

    /** The producers open now (a copy). */
    synchronized List<JvbProducer> producersNow() {
        return List.copyOf(producers);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Packet path: notes the transport-wide sequence number of an arriving packet, for the publisher's feedback. */
    void noteArrival(byte[] buffer, int offset, int length, long nowNanos) {
        int id = transportWideId;
        if (id != 0) {
            int sequence = HeaderExtensions.shortValue(buffer, offset, length, id);
            if (sequence >= 0) {
                feedback.arrived(sequence, nowNanos);
            }
        }
    }

    /** The producer of this transport sending {@code ssrc}, or null. Packet path: no lock, no allocation. */
    JvbProducer producerOf(int ssrc) {
        return producersBySsrc.get(ssrc);
    }

    /** The consumer through which this transport receives {@code ssrc}, or null. Packet path. */
    JvbConsumer consumerOf(int ssrc) {
        return consumersBySsrc.get(ssrc);
    }

    boolean isConnected() {
        return state.get() == TransportState.CONNECTED;
    }

    /** Packet path: the sender's copy leaves as {@code rewrite} (a consumer's stream) makes it. */
    void sendRtp(byte[] buffer, int offset, int length, RtpRewrite rewrite) {
        if (isConnected()) {
            secure.sendRtp(buffer, offset, length, rewrite);
        }
    }

    void sendRtcp(byte[] buffer, int offset, int length) {
        if (isConnected()) {
            secure.sendRtcp(buffer, offset, length);
        }
    }

    void dropUnknownSsrc(int ssrc) {
        drops.drop(StreamDrops.Reason.NO_PRODUCER, ssrc);
    }

    void dropCodecNotTaken(int ssrc) {
        drops.drop(StreamDrops.Reason.CODEC_NOT_TAKEN, ssrc);
    }

    /** Packets not sent to this participant because it does not take their codec. */
    public long codecNotTakenPackets() {
        return drops.count(StreamDrops.Reason.CODEC_NOT_TAKEN);
    }

    void countMalformed() {
        malformedPackets.increment();
    }

    void countResent() {
        resentPackets.increment();
    }

    void countUnrepairable() {
        unrepairablePackets.increment();
    }

    RateBudget nackBudget() {
        return nackBudget;
    }

    RateBudget ingressBudget() {
        return ingressBudget;
    }

    void countOverIngressBudget() {
        overIngressBudget.increment();
    }

    /** RTP packets this participant sent past their budget ({@link RateBudget#INCOMING_BYTES_PER_SECOND}): dropped. */
    public long packetsOverIngressBudget() {
        return overIngressBudget.sum();
    }

    void countNackOverBudget() {
        nacksOverBudget.increment();
    }

    /** Packets this subscriber NACKed past its budget ({@link RateBudget#NACKED_PACKETS_PER_SECOND}): ignored. */
    public long nacksOverBudget() {
        return nacksOverBudget.sum();
    }

    /** Packets this subscriber NACKed that the server resent from its cache. */
    public long resentPackets() {
        return resentPackets.sum();
    }

    /** Packets this subscriber NACKed that the server no longer had (or never had): repaired by a key frame instead. */
    public long unrepairablePackets() {
        return unrepairablePackets.sum();
    }

    synchronized void forget(JvbProducer producer) {
        if (producers.remove(producer)) {
            unannounced.remove(producer);
            int[] ssrcs = TrackSsrcs.known(producer.slots());
            SsrcTable<JvbProducer> updated = producersBySsrc;
            for (int ssrc : ssrcs) {
                updated = updated.without(ssrc);
            }
            producersBySsrc = updated;
            secure.removeIncomingStreams(ssrcs);
        }
    }

    synchronized void forget(JvbConsumer consumer) {
        if (consumers.remove(consumer)) {
            consumersNow = consumers.toArray(new JvbConsumer[0]);
            SsrcTable<JvbConsumer> updated = consumersBySsrc;
            for (int ssrc : consumer.ownSsrcs()) {
                updated = updated.without(ssrc);
            }
            consumersBySsrc = updated;
            secure.removeOutgoingStreams(consumer.ownSsrcs());
        }
    }

    /** Reports a state once, in the order it is reached; nothing follows CLOSED. */
    void moveTo(TransportState next) {
        TransportState previous;
        do {
            previous = state.get();
            if (previous == next || previous == TransportState.CLOSED) {
                return;
            }
        } while (!state.compareAndSet(previous, next));
        if (next == TransportState.CONNECTED) {
            feedback.start();
            bandwidth.start();
        }
        try {
            listener.onStateChange(this, next);
        } catch (RuntimeException e) {
            // A listener's bug must not kill the transport's receive thread.
            LOG.log(Level.WARNING, "Transport listener failed on " + next + " for transport " + id, e);
        }
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Transport " + id + " of participant " + participantId + " is closed.");
        }
    }
}
