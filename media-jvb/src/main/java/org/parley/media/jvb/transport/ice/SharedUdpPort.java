package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;

/** The one UDP port every ICE session shares, read by {@link MediaSettings#receiveThreads()} threads per address. */
public final class SharedUdpPort implements MediaPorts {

    private final UdpMediaPort port;
    private final Lease shared;

    private SharedUdpPort(UdpMediaPort port, List<IceCandidate> candidates) {
        this.port = port;
        this.shared = new Lease() {
            @Override
            public UdpMediaPort port() {
                return port;
            }

            @Override
            public List<IceCandidate> candidates() {
                return candidates;
            }

            @Override
            public void close() {
                // the port stays open for the others until the factory closes it
            }
        };
    }

    /**
     * Binds the port on every configured address (a wildcard: every usable address plus 127.0.0.1).
     *
     * @throws IOException when a configured address cannot be bound; nothing stays bound then
     */
    public static SharedUdpPort open(MediaSettings settings) throws IOException {
        var addresses = BindAddresses.resolve(settings.bindAddresses());
        var publicAddress = PublicMapping.parse(settings);
        UdpMediaPort port = UdpMediaPort.open(addresses, settings.port(), settings.receiveThreads(), "shared");
        return new SharedUdpPort(port, IceCandidates.of(port.localAddresses(), publicAddress));
    }

    @Override
    public Lease lease() {
        return shared;
    }

    @Override
    public int sharedPort() {
        return port.port();
    }

    @Override
    public Optional<String> readerProblem(Duration stuckAfter) {
        return port.readerProblem(stuckAfter);
    }

    @Override
    public long readFaults() {
        return port.readFaults();
    }

    /** The port itself: its counters and verified addresses (for tests and diagnostics). */
    public UdpMediaPort port() {
        return port;
    }

    @Override
    public void close() {
        port.close();
    }
}
