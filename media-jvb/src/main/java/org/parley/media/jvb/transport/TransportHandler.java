package org.parley.media.jvb.transport;

import org.parley.media.jvb.transport.srtp.UnannouncedStreams;
import org.parley.media.spi.TransportState;

/**
 * Receives what a {@link SecureTransport} delivers. Called on the transport's receive thread: keep it short, and do
 * not keep a reference to {@code buffer} after returning (it is reused).
 */
public interface TransportHandler extends UnannouncedStreams {

    /**
     * Called once per transition, in order, from whichever thread caused it (a handshake or timer thread, or the
     * caller of {@code connect}/{@code close}), never while the transport holds its own lock.
     */
    void onStateChange(TransportState state);

    /** One decrypted RTP packet. */
    void onRtp(byte[] buffer, int offset, int length);

    /** One decrypted compound RTCP packet. */
    void onRtcp(byte[] buffer, int offset, int length);

    /** By default no stream is learned: only announced SSRCs are received. */
    @Override
    default boolean claims(byte[] buffer, int offset, int length) {
        return false;
    }

    @Override
    default boolean learn(byte[] buffer, int offset, int length) {
        return false;
    }
}
