package org.parley.media.spi;

/**
 * The media of one room: its transports, what they produce and what they consume.
 * Media flows only between transports of the same router.
 */
public interface Router extends AutoCloseable {

    String roomId();

    /** A WebRTC transport (ICE + DTLS-SRTP, BUNDLE, rtcp-mux) for one participant. */
    WebRtcTransport createWebRtcTransport(String participantId, TransportListener listener);

    /** Closes every transport of the room. */
    @Override
    void close();
}
