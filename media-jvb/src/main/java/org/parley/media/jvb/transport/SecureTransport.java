package org.parley.media.jvb.transport;

import java.util.List;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.TransportState;

/**
 * ICE → DTLS → SRTP for one participant, below the packet pipeline: it hands decrypted packets up to a
 * {@link TransportHandler} and encrypts what is sent down. It knows nothing of rooms, producers or consumers.
 */
public interface SecureTransport extends AutoCloseable {

    IceParameters localIceParameters();

    List<IceCandidate> localCandidates();

    DtlsFingerprint localFingerprint();

    /** Starts ICE (as the controlled agent) and then the DTLS server handshake checked against {@code remoteFingerprint}. */
    void connect(IceParameters remoteIce, DtlsFingerprint remoteFingerprint);

    void addRemoteCandidate(IceCandidate candidate);

    /**
     * See {@link org.parley.media.spi.WebRtcTransport#restartIce()}: new ICE session, same DTLS and SRTP.
     */
    IceParameters restartIce();

    /** See {@link org.parley.media.spi.WebRtcTransport#canRestartIce()}. */
    boolean canRestartIce();

    /** See {@link org.parley.media.spi.WebRtcTransport#setRemoteIceParameters}. */
    void setRemoteIceParameters(IceParameters remote);

    /**
     * SSRCs the peer negotiated to send (media and RTX of a track it publishes): only these are decrypted. Each call
     * adds one owner per SSRC; {@link #removeIncomingStreams} removes it, and the last owner's removal releases the
     * stream's SRTP contexts.
     */
    void addIncomingStreams(int... ssrcs);

    void removeIncomingStreams(int... ssrcs);

    /**
     * SSRCs that may be sent to the peer (tracks it consumes; the sender SSRC of RTCP written for it). A packet
     * under any other SSRC is dropped, counted and logged once per stream. Owners are counted as for incoming.
     */
    void addOutgoingStreams(int... ssrcs);

    void removeOutgoingStreams(int... ssrcs);

    /**
     * Encrypts a copy of one RTP packet and sends it; the caller's bytes are left untouched. Safe from any thread.
     * Dropped silently before the transport is connected.
     */
    default void sendRtp(byte[] buffer, int offset, int length) {
        sendRtp(buffer, offset, length, null);
    }

    /** As {@link #sendRtp(byte[], int, int)}, with the copy changed by {@code rewrite} (if not null) first. */
    void sendRtp(byte[] buffer, int offset, int length, RtpRewrite rewrite);

    /** As {@link #sendRtp}, for one compound RTCP packet. */
    void sendRtcp(byte[] buffer, int offset, int length);

    TransportState state();

    /** The SRTP streams and contexts this transport holds, and what it dropped for lack of one. */
    StreamStats streamStats();

    /** Releases the ICE agent and crypto contexts (not the shared port). Idempotent. */
    @Override
    void close();
}
