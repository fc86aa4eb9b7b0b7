package org.parley.media.jvb;

import java.util.Objects;
import org.parley.media.jvb.transport.IceDtlsTransportFactory;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaSettings;

/** The default media backend, {@code jvb}: Parley's media port and ICE-lite agent, Bouncy Castle DTLS, jitsi-srtp and Parley's own forwarding. */
public final class JvbBackendProvider implements MediaBackendProvider {

    public static final String NAME = "jvb";

    @Override
    public String name() {
        return NAME;
    }

    /** Binds the UDP port of {@code settings} and returns a backend ready for routers. */
    @Override
    public MediaBackend start(MediaSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new JvbBackend(new IceDtlsTransportFactory(settings), System::nanoTime);
    }
}
