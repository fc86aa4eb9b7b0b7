package org.parley.media.jvb.transport;

import java.time.Duration;
import org.parley.media.spi.MediaHealth;
import org.parley.media.spi.MediaStats;

/** Creates transports that share the backend's UDP socket(s) and DTLS certificate. */
public interface SecureTransportFactory extends AutoCloseable {

    SecureTransport create(String id, TransportHandler handler);

    /** See {@link org.parley.media.spi.MediaBackend#stats}; {@code rooms} is the caller's count. */
    default MediaStats stats(int rooms) {
        return new MediaStats(rooms, 0, 0, 0, 0, 0, 0);
    }

    /** See {@link org.parley.media.spi.MediaBackend#health}. */
    default MediaHealth health(Duration stuckAfter) {
        return MediaHealth.HEALTHY;
    }

    /** Closes the shared socket(s): the UDP port is free when this returns. */
    @Override
    void close();
}
