package org.parley.media.spi;

import java.util.List;

/**
 * One participant's connection: ICE, then DTLS (the server is always the DTLS server),
 * then SRTP. Producers are media the participant sends; consumers are media sent to the participant.
 */
public interface WebRtcTransport extends AutoCloseable {

    String id();

    String participantId();

    /** The server's ICE credentials, generated for this transport only. */
    IceParameters localIceParameters();

    /**
     * Whether the server side is an ICE-lite agent (RFC 8445 §2.5): it answers the peer's checks and takes the pair
     * the peer nominates, but sends no checks of its own; the description says {@code a=ice-lite}.
     */
    default boolean iceLite() {
        return false;
    }

    /** Where the server receives: host candidates and any configured public address. */
    List<IceCandidate> localCandidates();

    /** The fingerprint of the server's DTLS certificate. */
    DtlsFingerprint localFingerprint();

    /**
     * Starts connectivity with the remote peer's credentials. The DTLS handshake is refused unless the peer's
     * certificate matches {@code remoteFingerprint}.
     */
    void connect(IceParameters remoteIce, DtlsFingerprint remoteFingerprint);

    /**
     * Starts an ICE restart (RFC 8445 section 9): generates new local ICE credentials, to be sent in a new offer
     * with {@link #localCandidates()}. Media keeps flowing on the current pair until the new ICE session selects one;
     * the DTLS association and SRTP keys are kept. {@link #localIceParameters()} returns the new credentials from
     * now on. Calling it again before the restart completed abandons the previous attempt.
     *
     * @return the new local credentials
     * @throws IllegalStateException before {@link #connect}, once closed, or when DTLS failed (not recoverable)
     */
    IceParameters restartIce();

    /**
     * Whether {@link #restartIce} could bring this transport back. False once its DTLS handshake failed: the peer's
     * ICE may look connected while it waits on its own handshake, and only a new peer connection (a new transport)
     * helps, so the participant is told to start over. Backends without unrecoverable failures keep the default.
     */
    default boolean canRestartIce() {
        return true;
    }

    /**
     * The peer's new credentials (from its answer to the restart offer): starts the new connectivity checks. A
     * FAILED transport reports CONNECTING, then CONNECTED when the new session selects a pair (or FAILED again).
     *
     * @throws IllegalStateException when {@link #restartIce} was not called first (or this restart already has them)
     */
    void setRemoteIceParameters(IceParameters remote);

    /** A trickled remote candidate; may arrive before or after {@link #connect} (during a restart: for the new session). */
    void addRemoteCandidate(IceCandidate candidate);

    /**
     * Starts receiving a track the participant sends: under the SSRCs its encodings name, or, for encodings announced
     * without SSRCs, under those its first packets carry with the track's mid in the MID header extension.
     *
     * @param source what the track carries: a {@link TrackSource#SCREEN} gets its layers before cameras do
     * @throws IllegalArgumentException when an SSRC is invalid or already in use here, or an encoding without SSRC
     *                                  comes without a mid and a negotiated MID extension to learn it by, or the
     *                                  source does not fit the kind
     */
    Producer produce(RtpParameters parameters, TrackSource source);

    /** {@link #produce(RtpParameters, TrackSource)} for a camera or a microphone, by the track's kind. */
    default Producer produce(RtpParameters parameters) {
        return produce(parameters, TrackSource.of(parameters.kind()));
    }

    /**
     * Starts sending {@code producer}'s media (from another transport of the same router) to this participant, in
     * the participant's own numbering: browsers number codecs and header extensions as they please.
     *
     * @param codecs           the producer's codecs this participant takes, in the producer's order, each under the
     *                         participant's payload type (an RTX entry's {@code apt} names the participant's payload
     *                         type of its media codec); packets of other codecs are not sent to this participant
     * @param headerExtensions the producer's header extensions this participant negotiated, under its ids; other
     *                         extensions reach it under an id it does not use, so it ignores them
     * @return the consumer, whose RTP parameters are what to announce to the participant: SSRCs of its own, which
     *         stay the same whatever the publisher's are (or learns later)
     * @throws IllegalArgumentException when a codec or extension is not one of the producer's
     */
    Consumer consume(Producer producer, List<RtpCodec> codecs, List<RtpHeaderExtension> headerExtensions);

    /** {@link #consume(Producer, List, List)} in the producer's own numbering. */
    default Consumer consume(Producer producer) {
        return consume(producer, producer.rtpParameters().codecs(), producer.rtpParameters().headerExtensions());
    }

    TransportState state();

    /** Closes the transport, its producers (and their consumers elsewhere) and its consumers. Idempotent. */
    @Override
    void close();
}
