package org.parley.media.spi;

/** The life of a {@link WebRtcTransport}. */
public enum TransportState {
    /** Created; waiting for {@link WebRtcTransport#connect}. */
    NEW,
    /** ICE checks or the DTLS handshake are under way. */
    CONNECTING,
    /** ICE selected a pair and DTLS-SRTP is keyed: media flows. */
    CONNECTED,
    /** ICE or DTLS failed (including a certificate that does not match the fingerprint). */
    FAILED,
    /** Closed locally. */
    CLOSED
}
