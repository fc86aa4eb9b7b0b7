package org.parley.media.spi;

/** A track a participant sends into the router. */
public interface Producer extends AutoCloseable {

    String id();

    /** The participant that sends it. */
    String participantId();

    MediaKind kind();

    /** What it carries, as given to {@link WebRtcTransport#produce(RtpParameters, TrackSource)}. */
    TrackSource source();

    RtpParameters rtpParameters();

    /** Asks the sender for a key frame (video only; no-op for audio). */
    void requestKeyFrame();

    /** Stops forwarding this track to its consumers (the sender muted it). Idempotent. */
    void pause();

    /** Forwards again, starting with a key frame request for video. Idempotent. */
    void resume();

    boolean isPaused();

    /** Stops receiving and closes every consumer of this producer. Idempotent. */
    @Override
    void close();

    boolean isClosed();
}
