package org.parley.media.jvb.transport;

/** Creates transports that share the backend's UDP socket(s) and DTLS certificate. */
public interface SecureTransportFactory extends AutoCloseable {

    SecureTransport create(String id, TransportHandler handler);

    /** Closes the shared socket(s): the UDP port is free when this returns. */
    @Override
    void close();
}
