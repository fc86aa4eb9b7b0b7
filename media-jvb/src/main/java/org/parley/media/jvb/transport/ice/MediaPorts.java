package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;

/**
 * Where transports receive: one UDP port shared by all (sessions told apart by ICE ufrag, then by verified address)
 * or a port per ICE session from a range; and, when it is on, one ICE-TCP port shared by all.
 */
public interface MediaPorts extends AutoCloseable {

    /** The port one ICE session receives on, and the candidates that advertise it; {@link #close} releases it. */
    interface Lease extends AutoCloseable {
        UdpMediaPort port();

        List<IceCandidate> candidates();

        /** The ICE-TCP port the session also answers on, when ICE-TCP is on. */
        default Optional<TcpMediaPort> tcp() {
            return Optional.empty();
        }

        @Override
        void close();
    }

    /** Opens the port (or checks the range) the settings name; nothing stays bound when this throws. */
    static MediaPorts open(MediaSettings settings) throws IOException {
        MediaPorts udp = settings.usesPortRange() ? UdpPortRange.open(settings) : SharedUdpPort.open(settings);
        if (settings.iceTcp().isEmpty()) {
            return udp;
        }
        try {
            return IceTcpPorts.open(udp, settings);
        } catch (IOException | RuntimeException e) {
            udp.close();
            throw e;
        }
    }

    /**
     * The port for one new ICE session.
     *
     * @throws IOException when no port is left (range), naming the range
     */
    Lease lease() throws IOException;

    /** The shared UDP port, or 0 when each session has its own. */
    int sharedPort();

    /**
     * What is wrong with the threads that read the ports (see {@link UdpMediaPort#readerProblem}); empty when nothing
     * is. A port range's ports come and go with their sessions and are not watched.
     */
    default Optional<String> readerProblem(Duration stuckAfter) {
        return Optional.empty();
    }

    /** Packets whose handling failed on the reading threads, and readers started again (see {@link ReadFaults}). */
    default long readFaults() {
        return 0;
    }

    /** Closes the shared port; it is free again when this returns. */
    @Override
    void close();
}
