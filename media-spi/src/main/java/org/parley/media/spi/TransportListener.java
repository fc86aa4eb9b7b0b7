package org.parley.media.spi;

/** Told about a transport's life. Called on a backend thread: do not block. */
@FunctionalInterface
public interface TransportListener {

    void onStateChange(WebRtcTransport transport, TransportState state);
}
