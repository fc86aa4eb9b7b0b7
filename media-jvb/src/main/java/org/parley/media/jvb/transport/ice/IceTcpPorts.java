package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;

/** UDP ports with one ICE-TCP port beside them: every session answers on both and advertises both. */
public final class IceTcpPorts implements MediaPorts {

    private final MediaPorts udp;
    private final TcpMediaPort tcp;
    private final Optional<TcpMediaPort> offered;
    private final Optional<InetAddress> publicAddress;
    private final int typePreference;

    private IceTcpPorts(MediaPorts udp, TcpMediaPort tcp, Optional<InetAddress> publicAddress, int typePreference) {
        this.udp = udp;
        this.tcp = tcp;
        this.offered = Optional.of(tcp);
        this.publicAddress = publicAddress;
        this.typePreference = typePreference;
    }

    /** Listens on the configured TCP port on the same addresses as UDP. */
    static IceTcpPorts open(MediaPorts udp, MediaSettings settings) throws IOException {
        MediaSettings.IceTcp iceTcp = settings.iceTcp().orElseThrow();
        TcpMediaPort tcp = TcpMediaPort.open(BindAddresses.resolve(settings.bindAddresses()), iceTcp.port());
        return new IceTcpPorts(udp, tcp, PublicMapping.parse(settings), iceTcp.typePreference());
    }

    @Override
    public Lease lease() throws IOException {
        Lease lease = udp.lease();
        List<IceCandidate> candidates = IceCandidates.withTcp(lease.candidates(), tcp.localAddresses(), publicAddress,
                typePreference);
        return new Lease() {
            @Override
            public UdpMediaPort port() {
                return lease.port();
            }

            @Override
            public List<IceCandidate> candidates() {
                return candidates;
            }

            @Override
            public Optional<TcpMediaPort> tcp() {
                return offered;
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }

    @Override
    public int sharedPort() {
        return udp.sharedPort();
    }

    @Override
    public Optional<String> readerProblem(Duration stuckAfter) {
        Optional<String> udpProblem = udp.readerProblem(stuckAfter);
        return udpProblem.isPresent() ? udpProblem : tcp.readerProblem(stuckAfter);
    }

    @Override
    public long readFaults() {
        return udp.readFaults() + tcp.readFaults();
    }

    /** The UDP side, for its counters. */
    public MediaPorts udp() {
        return udp;
    }

    public TcpMediaPort tcp() {
        return tcp;
    }

    @Override
    public void close() {
        tcp.close();
        udp.close();
    }
}
