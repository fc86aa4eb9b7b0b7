package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.parley.media.spi.MediaSettings;

/** The configured 1:1 NAT: which local address the public one stands for. */
final class PublicMapping {

    private PublicMapping() {}

    static Optional<InetAddress> parse(MediaSettings settings) {
        return settings.publicAddress().map(s -> IpLiterals.parse(s).orElseThrow(() -> new IllegalArgumentException(
                "Media public address must be an IP literal: " + s)));
    }

    /**
     * A harvester advertising {@code publicAddress} with the port of the host candidate on the mapped local address:
     * same family as the public one and not loopback, if there is one.
     */
    static StaticMappingCandidateHarvester harvester(InetAddress publicAddress, List<InetAddress> local, int port) {
        InetAddress face = local.stream()
                .filter(a -> !a.isLoopbackAddress())
                .filter(a -> a.getClass() == publicAddress.getClass())
                .findFirst()
                .or(() -> local.stream().filter(a -> !a.isLoopbackAddress()).findFirst())
                .orElse(local.get(0));
        return new StaticMappingCandidateHarvester(new TransportAddress(publicAddress, port, Transport.UDP),
                new TransportAddress(face, port, Transport.UDP), "parley-public-address");
    }
}
