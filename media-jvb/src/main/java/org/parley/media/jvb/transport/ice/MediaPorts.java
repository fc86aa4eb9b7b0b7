package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.util.List;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;

/**
 * Where transports receive: one UDP port shared by all (sessions told apart by ICE ufrag, then by verified address)
 * or a port per ICE session from a range.
 */
public interface MediaPorts extends AutoCloseable {

    /** The port one ICE session receives on, and the candidates that advertise it; {@link #close} releases it. */
    interface Lease extends AutoCloseable {
        UdpMediaPort port();

        List<IceCandidate> candidates();

        @Override
        void close();
    }

    /** Opens the port (or checks the range) the settings name; nothing stays bound when this throws. */
    static MediaPorts open(MediaSettings settings) throws IOException {
        return settings.usesPortRange() ? UdpPortRange.open(settings) : SharedUdpPort.open(settings);
    }

    /**
     * The port for one new ICE session.
     *
     * @throws IOException when no port is left (range), naming the range
     */
    Lease lease() throws IOException;

    /** The shared UDP port, or 0 when each session has its own. */
    int sharedPort();

    /** Closes the shared port; it is free again when this returns. */
    @Override
    void close();
}
