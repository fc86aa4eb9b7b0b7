package org.parley.media.jvb.transport;

import java.time.Duration;
import org.parley.media.spi.MediaHealth;
import org.parley.media.spi.MediaStats;

/** Creates transports that share the backend's UDP socket(s) and DTLS certificate. */
public interface SecureTransportFactory extends AutoCloseable {

    SecureTransport create(String id, TransportHandler handler);

    /** Transports open now, for metrics. */
    default int openCount() {
        return 0;
    }

    /** SRTP and SRTCP contexts the open transports hold, for metrics and leak checks. */
    default int srtpContextCount() {
        return 0;
    }

    /** What every transport received and sent, and how many failed, for metrics. */
    default MediaStats.Traffic traffic() {
        return MediaStats.Traffic.NONE;
    }

    /** See {@link org.parley.media.spi.MediaBackend#health}. */
    default MediaHealth health(Duration stuckAfter) {
        return MediaHealth.HEALTHY;
    }

    /** Closes the shared socket(s): the UDP port is free when this returns. */
    @Override
    void close();
}
