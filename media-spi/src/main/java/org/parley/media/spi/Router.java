package org.parley.media.spi;

/**
 * The media of one room: its transports, what they produce and what they consume.
 * Media flows only between transports of the same router.
 */
public interface Router extends AutoCloseable {

    String roomId();

    /**
     * Tells {@code listener} who the room's dominant speaker is each time it changes (from the audio levels the
     * publishers send, RFC 6464), and keeps the video of the {@code lastN} most recent speakers at their best layers
     * where more than {@code lastN} participants send video; the others' video goes at its lowest layer. One
     * listener per router: a later call replaces it.
     *
     * @param lastN 0 to give every participant's video the same chance
     */
    void observeSpeakers(SpeakerListener listener, int lastN);

    /**
     * Tells {@code listener} when the highest layer anyone watches of a simulcast producer changes, so that its
     * publisher encodes no layer nobody watches. A layer watched again is told at once; one no longer watched only
     * after a while, so that a subscriber's estimate moving up and down does not toggle the publisher's encoder.
     */
    void observeLayerDemand(LayerDemandListener listener);

    /** A WebRTC transport (ICE + DTLS-SRTP, BUNDLE, rtcp-mux) for one participant. */
    WebRtcTransport createWebRtcTransport(String participantId, TransportListener listener);

    /** Closes every transport of the room. */
    @Override
    void close();
}
