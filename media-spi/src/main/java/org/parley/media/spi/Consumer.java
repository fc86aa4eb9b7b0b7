package org.parley.media.spi;

/** A producer's media sent to one participant. */
public interface Consumer extends AutoCloseable {

    String id();

    Producer producer();

    /** What to announce to the receiving participant (codecs, SSRCs, header extensions). */
    RtpParameters rtpParameters();

    /** Asks the producer's sender for a key frame, e.g. once the receiver can decode this consumer. */
    void requestKeyFrame();

    /** Stops sending to this participant. Idempotent. */
    @Override
    void close();

    boolean isClosed();
}
