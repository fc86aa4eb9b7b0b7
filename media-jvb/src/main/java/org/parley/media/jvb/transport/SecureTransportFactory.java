package org.parley.media.jvb.transport;

import java.time.Duration;
import org.parley.media.spi.MediaHealth;

/** Creates transports that share the backend's UDP socket(s) and DTLS certificate. */
public interface SecureTransportFactory extends AutoCloseable {

    SecureTransport create(String id, TransportHandler handler);

    /** See {@link org.parley.media.spi.MediaBackend#health}. */
    default MediaHealth health(Duration stuckAfter) {
        return MediaHealth.HEALTHY;
    }

    /** Closes the shared socket(s): the UDP port is free when this returns. */
    @Override
    void close();
}
