package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.parley.media.spi.IceCandidate;

/** Converts between ice4j candidates and the SPI's neutral {@link IceCandidate}. */
public final class IceCandidates {

    private IceCandidates() {}

    public static IceCandidate toSpi(LocalCandidate candidate) {
        TransportAddress address = candidate.getTransportAddress();
        return new IceCandidate(candidate.getFoundation(), candidate.getPriority(),
                candidate.getTransport().toString().toLowerCase(Locale.ROOT), address.getHostAddress(),
                address.getPort(), candidate.getType().toString());
    }

    /**
     * A remote candidate ice4j can use, or empty for what it cannot: TCP, mDNS names ({@code *.local}), any
     * non-literal address (never resolved), unknown types, bad ports.
     */
    public static Optional<RemoteCandidate> toIce4j(IceCandidate candidate, Component component) {
        if (candidate == null || !"udp".equalsIgnoreCase(candidate.protocol())
                || candidate.port() <= 0 || candidate.port() > 65535) {
            return Optional.empty();
        }
        Optional<InetAddress> address = IpLiterals.parse(candidate.address());
        if (address.isEmpty()) {
            return Optional.empty();
        }
        CandidateType type;
        try {
            type = CandidateType.parse(candidate.type() == null ? "" : candidate.type().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String foundation = candidate.foundation() == null || candidate.foundation().isBlank()
                ? "remote" : candidate.foundation();
        return Optional.of(new RemoteCandidate(new TransportAddress(address.get(), candidate.port(), Transport.UDP),
                component, type, foundation, candidate.priority(), null));
    }
}
