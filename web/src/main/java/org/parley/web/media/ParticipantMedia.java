package org.parley.web.media;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TrackSource;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.WebRtcTransport;

/**
 * One participant's session: the browser makes the first offer; after that only the server offers, one at a time,
 * so the two sides never offer at once (no glare). Changes made while an offer is out are sent in the next one.
 * Not thread-safe: its {@link RoomMedia} serialises calls.
 */
final class ParticipantMedia {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** SSRCs one participant may send in all: camera, microphone and screen with simulcast and RTX need under 20. */
    static final int MAX_SSRCS_PER_PARTICIPANT = 32;

    private final String roomId;
    final String participantId;
    /** Replaced when the participant resumes on a new socket. */
    private volatile SignalSink sink;
    final WebRtcTransport transport;
    private final UnforwardedTracks unforwarded;
    private final String sessionId = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
    private long version;

    private final List<LocalSection> sections = new ArrayList<>();
    private final List<Producer> producers = new ArrayList<>();
    private final Set<MediaKind> mutedKinds = EnumSet.noneOf(MediaKind.class);
    /** The mid of the video section the browser shares its screen on (null: none), and whether it does now. */
    private String screenMid;
    private boolean sharingScreen;
    /** Read by the transport listener thread when the transport connects. */
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
    /** New consumers not yet in an offer, then those in the offer out: each gets a key frame once answered. */
    private final List<Consumer> notYetOffered = new ArrayList<>();
    private final List<Consumer> awaitingAnswer = new ArrayList<>();
    private Capabilities capabilities;
    /** The mids of the offer out, in order; sections added since wait for the next offer. */
    private List<String> offeredMids = List.of();
    private boolean offerInFlight;
    private boolean changed;
    /** An ICE restart was asked for and goes into the next offer; then its answer brings the browser's new credentials. */
    private boolean iceRestartRequested;
    private boolean iceRestartOffered;
    private String lastOffer;

    /** What the browser can receive, from its first offer. */
    private record Capabilities(List<RtpCodec> audio, List<RtpCodec> video,
                                List<RtpHeaderExtension> audioExtensions, List<RtpHeaderExtension> videoExtensions) {
        List<RtpCodec> codecs(MediaKind kind) {
            return kind == MediaKind.AUDIO ? audio : video;
        }

        List<RtpHeaderExtension> extensions(MediaKind kind) {
            return kind == MediaKind.AUDIO ? audioExtensions : videoExtensions;
        }
    }

    ParticipantMedia(String roomId, String participantId, SignalSink sink, WebRtcTransport transport,
                     UnforwardedTracks unforwarded) {
        this.roomId = roomId;
        this.participantId = participantId;
        this.sink = sink;
        this.transport = transport;
        this.unforwarded = unforwarded;
    }

    /**
     * A resumed participant's new socket. An offer sent while they were away went to the dead socket, so it is sent
     * again: negotiation would otherwise wait forever for its answer. A media connection that failed meanwhile is
     * restarted (an ICE restart offer, now or after the answer to the one in flight).
     */
    void reattach(SignalSink newSink) {
        this.sink = newSink;
        if (offerInFlight) {
            newSink.send(new Offer(lastOffer));
        }
        if (negotiated() && transport.state() == TransportState.FAILED) {
            // Away longer than the consent timeout: the browser's request for an ICE restart went to the dead
            // socket, and its ICE may look connected again while the server's transport stays failed. Restart it.
            iceRestartRequested = true;
            changed = true;
            renegotiate();
        }
    }

    SignalSink sink() {
        return sink;
    }

    /**
     * Pauses or resumes forwarding of this participant's microphone or camera ({@code kind}), including tracks produced
     * later. The screen is not a camera: it follows {@link #setSharingScreen}.
     */
    void setMuted(MediaKind kind, boolean muted) {
        if (muted) {
            mutedKinds.add(kind);
        } else {
            mutedKinds.remove(kind);
        }
        producers.stream().filter(p -> p.kind() == kind && !isScreen(p)).forEach(muted ? Producer::pause : Producer::resume);
    }

    /**
     * Starts or stops forwarding the screen section.
     *
     * @throws ProtocolException UNEXPECTED_MESSAGE when the offer named no screen section
     */
    void setSharingScreen(boolean sharing) throws ProtocolException {
        if (screenMid == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "To share a screen, offer a video section for it "
                    + "first and name it in the offer's 'screenMid'.");
        }
        keepSharingScreen(sharing);
    }

    /** Whether the screen is forwarded, for this session and a new one that replaces it (a new offer). */
    void keepSharingScreen(boolean sharing) {
        sharingScreen = sharing;
        producers.stream().filter(ParticipantMedia::isScreen).forEach(sharing ? Producer::resume : Producer::pause);
    }

    boolean sharingScreen() {
        return sharingScreen;
    }

    private static boolean isScreen(Producer producer) {
        return producer.source() == TrackSource.SCREEN;
    }

    Set<MediaKind> mutedKinds() {
        return EnumSet.copyOf(mutedKinds.isEmpty() ? EnumSet.noneOf(MediaKind.class) : mutedKinds);
    }

    boolean negotiated() {
        return capabilities != null;
    }

    List<Producer> producers() {
        return List.copyOf(producers);
    }

    /** A browser offer that passed every check, ready to be accepted. */
    record CheckedOffer(RemoteDescription offer, List<LocalSection> sections, List<RtpParameters> toProduce,
                        String screenMid) {}

    /**
     * Validates a browser's offer completely, changing nothing.
     *
     * @param screenMid the mid of the video section the browser will share its screen on, or null
     */
    CheckedOffer check(String sdp, String screenMid) throws ProtocolException {
        RemoteDescription offer = DescriptionReader.read(sdp);
        if (offer.sections().stream().noneMatch(RemoteSection::bundled)) {
            throw DescriptionReader.invalid("Parley carries all media on one transport: offer a=group:BUNDLE "
                    + "(RTCPeerConnection's bundlePolicy max-bundle or balanced).");
        }
        if (offer.setup().equals("passive")) {
            throw DescriptionReader.invalid("The server is always the DTLS server: offer a=setup:actpass or active.");
        }
        List<LocalSection> planned = new ArrayList<>();
        List<RtpParameters> toProduce = new ArrayList<>();
        for (RemoteSection remote : offer.sections()) {
            LocalSection section = plan(remote);
            planned.add(section);
            if (section.role == LocalSection.Role.RECEIVE) {
                // Simulcast layers are learned by their RID header extension, a stream without a=ssrc by its MID.
                List<RtpEncoding> encodings = !section.receiveRids.isEmpty()
                        ? section.receiveRids.stream().map(RtpEncoding::layer).toList()
                        : remote.encodings().isEmpty() ? List.of(RtpEncoding.unsignalled()) : remote.encodings();
                boolean screen = remote.mid() != null && remote.mid().equals(screenMid);
                if (screen && !remote.kind().equals("video")) {
                    throw DescriptionReader.invalid("The screen (screenMid '" + screenMid + "') must be a video section.");
                }
                String streamId = screen ? participantId + Participant.SCREEN_STREAM_SUFFIX : participantId;
                toProduce.add(new RtpParameters(kindOf(remote.kind()), section.codecs, encodings,
                        section.extensions, streamId, remote.trackId(), remote.cname(), remote.mid()));
            }
        }
        if (screenMid != null && toProduce.stream().noneMatch(p -> screenMid.equals(p.mid()))) {
            throw DescriptionReader.invalid("The offer's screenMid '"
                    + (screenMid.length() > 32 ? screenMid.substring(0, 32) + "…" : screenMid)
                    + "' names no video section that sends to the server.");
        }
        if (planned.stream().allMatch(s -> s.role == LocalSection.Role.REJECTED)) {
            throw new ProtocolException(ErrorCode.NO_USABLE_CODEC,
                    "None of the offered media can be forwarded: Parley needs Opus audio or VP8/H.264 video over UDP/TLS/RTP/SAVPF.");
        }
        checkSsrcs(toProduce);
        return new CheckedOffer(offer, planned, toProduce, screenMid);
    }

    /** Every SSRC once across the offer's sections, and not too many of them. */
    private static void checkSsrcs(List<RtpParameters> toProduce) throws ProtocolException {
        Set<Long> seen = new HashSet<>();
        for (RtpParameters track : toProduce) {
            for (RtpEncoding encoding : track.encodings()) {
                for (long ssrc : new long[] {encoding.ssrc(), encoding.rtxSsrc()}) {
                    if (ssrc != 0 && !seen.add(ssrc)) {
                        throw DescriptionReader.invalid("SSRC " + ssrc + " is announced by two media sections.");
                    }
                }
            }
        }
        if (seen.size() > MAX_SSRCS_PER_PARTICIPANT) {
            throw new ProtocolException(ErrorCode.TOO_MANY_STREAMS, "The offer announces " + seen.size()
                    + " SSRCs; a participant may send at most " + MAX_SSRCS_PER_PARTICIPANT + ".");
        }
    }

    /**
     * Answers the browser's offer (the one offer it makes) and starts receiving what it sends. The session counts
     * as negotiated only once the backend took everything; if it throws half-way, the caller discards this session.
     *
     * @param othersDecoders the video codecs each other negotiated participant can decode, to choose what to send
     * @return the producers created, for the room to offer to the others
     */
    List<Producer> accept(CheckedOffer checked, List<List<RtpCodec>> othersDecoders) {
        if (negotiated()) {
            throw new IllegalStateException("a session takes one browser offer; RoomMedia starts a new session for another");
        }
        RemoteDescription offer = checked.offer();
        transport.connect(offer.ice(), offer.fingerprint());
        offer.candidates().forEach(transport::addRemoteCandidate);
        screenMid = checked.screenMid();
        for (RtpParameters parameters : checked.toProduce()) {
            boolean screen = screenMid != null && screenMid.equals(parameters.mid());
            Producer producer = transport.produce(parameters, screen ? TrackSource.SCREEN : TrackSource.of(parameters.kind()));
            if (isScreen(producer) ? !sharingScreen : mutedKinds.contains(producer.kind())) {
                producer.pause();
            }
            producers.add(producer);
        }
        sections.addAll(checked.sections());
        capabilities = capabilitiesOf(offer);
        chooseVideoCodec(othersDecoders);
        changed = false;
        sink.send(new Answer(describe(false)));
        return List.copyOf(producers);
    }

    private static LocalSection plan(RemoteSection remote) {
        if (!remote.isRtp() || remote.rejectedByBrowser() || !remote.bundled()) {
            return new LocalSection(remote.mid(), remote.kind(), remote.protocol(), remote.formats(), LocalSection.Role.REJECTED);
        }
        List<RtpCodec> codecs = CodecPolicy.acceptForReceiving(remote.kind(), remote.codecs());
        if (codecs.isEmpty()) {
            return new LocalSection(remote.mid(), remote.kind(), remote.protocol(), remote.formats(), LocalSection.Role.REJECTED);
        }
        boolean receives = remote.browserSends();
        Optional<RtpHeaderExtension> mid = offered(remote, RtpHeaderExtension.MID);
        Optional<RtpHeaderExtension> rid = offered(remote, RtpHeaderExtension.RID);
        boolean simulcast = receives && remote.kind().equals("video") && !remote.sendRids().isEmpty() && rid.isPresent();
        if (receives && !simulcast && remote.encodings().isEmpty() && mid.isEmpty()) {
            // Neither a=ssrc nor the MID extension: nothing would tell this section's packets from the others'.
            return new LocalSection(remote.mid(), remote.kind(), remote.protocol(), remote.formats(), LocalSection.Role.REJECTED);
        }
        LocalSection section = new LocalSection(remote.mid(), remote.kind(), remote.protocol(), remote.formats(),
                receives ? LocalSection.Role.RECEIVE : LocalSection.Role.FREE);
        section.codecs = codecs;
        List<RtpHeaderExtension> extensions = new ArrayList<>(CodecPolicy.acceptExtensions(remote.headerExtensions()));
        if (receives) {
            // Received only: they name the publisher's section and layers, or number its packets on this hop.
            mid.ifPresent(extensions::add);
            offered(remote, RtpHeaderExtension.TRANSPORT_CC).ifPresent(extensions::add);
            if (simulcast) {
                extensions.add(rid.get());
                offered(remote, RtpHeaderExtension.REPAIRED_RID).ifPresent(extensions::add);
                section.receiveRids = remote.sendRids();
            }
        }
        section.extensions = extensions;
        section.reducedSizeRtcp = remote.reducedSizeRtcp();
        return section;
    }

    private static Optional<RtpHeaderExtension> offered(RemoteSection remote, String uri) {
        return remote.headerExtensions().stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    private static Capabilities capabilitiesOf(RemoteDescription offer) {
        List<RtpCodec> audio = new ArrayList<>();
        List<RtpCodec> video = new ArrayList<>();
        List<RtpHeaderExtension> audioExtensions = new ArrayList<>();
        List<RtpHeaderExtension> videoExtensions = new ArrayList<>();
        for (RemoteSection s : offer.sections()) {
            // Transport-wide numbers are the server's own toward each subscriber: kept where it offered them.
            List<RtpHeaderExtension> extensions = new ArrayList<>(CodecPolicy.acceptExtensions(s.headerExtensions()));
            offered(s, RtpHeaderExtension.TRANSPORT_CC).ifPresent(extensions::add);
            if (s.kind().equals("audio")) {
                audio.addAll(s.codecs());
                audioExtensions.addAll(extensions);
            } else if (s.kind().equals("video")) {
                video.addAll(s.codecs());
                videoExtensions.addAll(extensions);
            }
        }
        return new Capabilities(audio, video, audioExtensions, videoExtensions);
    }

    /** The video codecs this participant's browser can decode (empty before its offer). */
    List<RtpCodec> videoDecoders() {
        return negotiated() ? capabilities.video() : List.of();
    }

    /**
     * Sends, in each of this participant's video sections, the codec most of the others can decode: a browser that
     * offered VP8 and H.264 switches to H.264 for a room of H.264-only apps, and back when they leave. Takes effect
     * with the answer being written or the next offer.
     */
    /** Whether this participant offered to send video: only then is there a codec to choose for it. */
    boolean sendsVideo() {
        return sections.stream().anyMatch(ParticipantMedia::receivesVideo);
    }

    /** A section on which the server receives this participant's video. */
    private static boolean receivesVideo(LocalSection section) {
        return section.role == LocalSection.Role.RECEIVE && section.kind.equals("video");
    }

    void chooseVideoCodec(List<List<RtpCodec>> othersDecoders) {
        for (LocalSection section : sections) {
            if (receivesVideo(section)) {
                List<RtpCodec> ordered = CodecPolicy.forPublisher(section.codecs, othersDecoders);
                if (!ordered.equals(section.codecs)) {
                    section.codecs = ordered;
                    changed = true;
                }
            }
        }
    }

    /** Sends {@code producer}'s media to this participant, if it can decode it. Takes effect with {@link #renegotiate}. */
    void consume(Producer producer) {
        MediaKind kind = producer.kind();
        List<RtpCodec> codecs = CodecPolicy.forSubscriber(producer.rtpParameters().codecs(), capabilities.codecs(kind));
        if (codecs.isEmpty()) {
            unforwarded.record(UnforwardedTracks.Reason.NO_COMMON_CODEC, roomId, participantId, producer,
                    "it sends " + producer.rtpParameters().codecs().stream()
                            .map(c -> c.mimeSubtype() + "/" + c.payloadType()).toList()
                            + ", the subscriber's session has " + capabilities.codecs(kind).stream()
                            .map(c -> c.mimeSubtype() + "/" + c.payloadType()).toList());
            return;
        }
        List<RtpHeaderExtension> extensions = CodecPolicy.extensionsForSubscriber(
                producer.rtpParameters().headerExtensions(), capabilities.extensions(kind));
        Consumer consumer;
        try {
            consumer = transport.consume(producer, codecs, extensions);
        } catch (IllegalArgumentException | IllegalStateException e) {
            unforwarded.record(UnforwardedTracks.Reason.REFUSED_BY_BACKEND, roomId, participantId, producer,
                    e.getMessage());
            return;
        }
        String kindName = kind == MediaKind.AUDIO ? "audio" : "video";
        LocalSection section = sections.stream()
                .filter(s -> s.role == LocalSection.Role.FREE && s.kind.equals(kindName))
                .findFirst()
                .orElseGet(() -> {
                    LocalSection added = new LocalSection(nextMid(), kindName, "UDP/TLS/RTP/SAVPF", List.of(), LocalSection.Role.FREE);
                    sections.add(added);
                    return added;
                });
        section.role = LocalSection.Role.SEND;
        section.codecs = codecs;
        section.extensions = extensions;
        section.consumer = consumer;
        consumers.add(consumer);
        notYetOffered.add(consumer);
        changed = true;
    }

    /** Stops sending what {@code publisherId} sent; their sections become free slots. Renegotiate afterwards. */
    void dropConsumersOf(String publisherId) {
        for (LocalSection section : sections) {
            if (section.role == LocalSection.Role.SEND && section.consumer.producer().participantId().equals(publisherId)) {
                section.consumer.close();
                consumers.remove(section.consumer);
                notYetOffered.remove(section.consumer);
                awaitingAnswer.remove(section.consumer);
                section.consumer = null;
                section.role = LocalSection.Role.FREE;
                changed = true;
            }
        }
    }

    /**
     * The browser's answer to the server's last offer. An answer that fails its checks changes nothing (the offer
     * stays out, to be answered again); once it passed them, the offer counts as answered whatever fails later, and
     * what changed meanwhile is offered next, so negotiation always goes on.
     */
    void acceptAnswer(String sdp) throws ProtocolException {
        if (!offerInFlight) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "There is no offer from the server to answer.");
        }
        RemoteDescription answer = DescriptionReader.read(sdp);
        List<String> answeredMids = answer.sections().stream().map(RemoteSection::mid).toList();
        if (!answeredMids.equals(offeredMids)) {
            throw DescriptionReader.invalid("The answer's media sections " + answeredMids
                    + " do not match the offer's " + offeredMids + ".");
        }
        if (answer.setup().equals("passive")) {
            throw DescriptionReader.invalid("The server is always the DTLS server: answer with a=setup:active.");
        }
        offerInFlight = false;
        try {
            applyAnswer(answer);
        } finally {
            awaitingAnswer.clear();
            renegotiate();
        }
    }

    private void applyAnswer(RemoteDescription answer) throws ProtocolException {
        ProtocolException restartFailure = null;
        if (iceRestartOffered) {
            iceRestartOffered = false;
            try {
                transport.setRemoteIceParameters(answer.ice());
                answer.candidates().forEach(transport::addRemoteCandidate);
            } catch (IllegalStateException e) {
                restartFailure = new ProtocolException(ErrorCode.ICE_RESTART_FAILED, "The media connection could not "
                        + "be restarted (" + e.getMessage() + "); start a new peer connection and send a new offer.");
            }
        }
        for (int i = 0; i < offeredMids.size(); i++) {
            LocalSection section = sections.get(i);
            boolean offeredThisConsumer = section.role == LocalSection.Role.SEND && awaitingAnswer.contains(section.consumer);
            if (offeredThisConsumer && answer.sections().get(i).rejectedByBrowser()) {
                section.consumer.close();
                consumers.remove(section.consumer);
                awaitingAnswer.remove(section.consumer);
                section.consumer = null;
                section.role = LocalSection.Role.REJECTED;
            }
        }
        // The browser can now decode these: a key frame lets it start at once.
        awaitingAnswer.stream().filter(c -> !c.isClosed()).forEach(Consumer::requestKeyFrame);
        if (restartFailure != null) {
            throw restartFailure;
        }
    }

    /** The browser lost its media connection: the next offer carries new ICE credentials. */
    void requestIceRestart() throws ProtocolException {
        if (!negotiated()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "There is no media connection to restart yet: send an offer.");
        }
        iceRestartRequested = true;
        changed = true;
    }

    /** Called from a backend thread once media can flow. */
    void onConnected() {
        consumers.forEach(Consumer::requestKeyFrame);
    }

    /** Offers what changed since the last offer, unless an offer is already out (then its answer triggers this). */
    void renegotiate() {
        if (!changed || offerInFlight || !negotiated()) {
            return;
        }
        if (iceRestartRequested) {
            iceRestartRequested = false;
            try {
                transport.restartIce();
                iceRestartOffered = true;
            } catch (IllegalStateException e) {
                sink.send(new ErrorMessage(ErrorCode.ICE_RESTART_FAILED,
                        "The media connection cannot be restarted; start a new peer connection and send a new offer."));
            }
        }
        changed = false;
        offerInFlight = true;
        offeredMids = sections.stream().map(section -> section.mid).toList();
        awaitingAnswer.addAll(notYetOffered);
        notYetOffered.clear();
        lastOffer = describe(true);
        sink.send(new Offer(lastOffer));
    }

    private String describe(boolean offer) {
        return DescriptionWriter.write(sessionId, ++version, offer, sections,
                new DescriptionWriter.Transport(transport.iceLite(), transport.localIceParameters(), transport.localFingerprint(),
                        transport.localCandidates()));
    }

    private String nextMid() {
        int max = -1;
        for (LocalSection s : sections) {
            try {
                max = Math.max(max, Integer.parseInt(s.mid));
            } catch (NumberFormatException e) {
                // browsers may use any token as a mid; numbering continues past the numeric ones
            }
        }
        return Integer.toString(Math.max(max + 1, sections.size()));
    }

    private static MediaKind kindOf(String kind) {
        return kind.equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
    }

    /** Releases the transport, which closes this participant's producers and consumers. */
    void close() {
        transport.close();
    }
}
