package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.parley.media.spi.MediaSettings;

/**
 * The one UDP port every transport shares: an ice4j single-port harvester per local address (ice4j demultiplexes
 * sessions by ICE ufrag), plus an optional static 1:1 NAT mapping that advertises the public address.
 */
public final class SharedUdpPort implements AutoCloseable {

    private static final String AWS_MAPPING = "ice4j.harvest.mapping.aws.enabled";
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

    private final List<SinglePortUdpHarvester> harvesters;
    private final Optional<StaticMappingCandidateHarvester> publicMapping;
    private final int port;

    private SharedUdpPort(List<SinglePortUdpHarvester> harvesters,
            Optional<StaticMappingCandidateHarvester> publicMapping, int port) {
        this.harvesters = harvesters;
        this.publicMapping = publicMapping;
        this.port = port;
    }

    /**
     * Binds the port on the configured address; a wildcard (0.0.0.0 or ::) binds every usable address plus
     * 127.0.0.1 (ice4j skips loopback, yet local browsers and tests connect over it).
     *
     * @throws IOException when an address cannot be bound; nothing stays bound then
     */
    public static SharedUdpPort open(MediaSettings settings) throws IOException {
        InetAddress bind = IpLiterals.parse(settings.bindAddress()).orElseThrow(() -> new IllegalArgumentException(
                "Media bind address must be an IP literal: " + settings.bindAddress()));
        Optional<InetAddress> publicAddress = settings.publicAddress().filter(s -> !s.isBlank())
                .map(s -> IpLiterals.parse(s).orElseThrow(() -> new IllegalArgumentException(
                        "Media public address must be an IP literal: " + s)));
        prepareIce4j();

        Set<InetAddress> addresses = new LinkedHashSet<>();
        if (bind.isAnyLocalAddress()) {
            addresses.add(InetAddress.getLoopbackAddress());
            for (TransportAddress allowed : AbstractUdpListener.getAllowedAddresses(0)) {
                // Link-local addresses need a scope id and never reach a browser on another host.
                if (!allowed.getAddress().isLinkLocalAddress()) {
                    addresses.add(allowed.getAddress());
                }
            }
        } else {
            addresses.add(bind);
        }

        int port = settings.port();
        if (port != 0) {
            // ice4j binds with SO_REUSEADDR, which would silently share a port another server already uses.
            for (InetAddress address : addresses) {
                if (!canBind(new InetSocketAddress(address, port)) && (!bind.isAnyLocalAddress()
                        || address.isLoopbackAddress())) {
                    throw new IOException("UDP port " + port + " is already in use on " + address.getHostAddress());
                }
            }
        }
        List<SinglePortUdpHarvester> bound = new ArrayList<>();
        try {
            for (InetAddress address : addresses) {
                SinglePortUdpHarvester harvester;
                try {
                    harvester = new SinglePortUdpHarvester(new TransportAddress(address, port, Transport.UDP));
                } catch (IOException e) {
                    if (bind.isAnyLocalAddress() && !bound.isEmpty()) {
                        continue; // an interface that cannot take the port (e.g. IPv6 link-local) is skipped
                    }
                    throw new IOException("Cannot bind UDP " + address.getHostAddress() + ":" + port + ": "
                            + e.getMessage(), e);
                }
                bound.add(harvester);
                port = harvester.getLocalAddress().getPort(); // port 0: the others share the first one's port
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(SinglePortUdpHarvester::close);
            throw e;
        }

        Optional<StaticMappingCandidateHarvester> mapping = Optional.empty();
        if (publicAddress.isPresent()) {
            TransportAddress face = mappingFace(bound, publicAddress.get());
            mapping = Optional.of(new StaticMappingCandidateHarvester(
                    new TransportAddress(publicAddress.get(), port, Transport.UDP), face, "parley-public-address"));
        }
        return new SharedUdpPort(List.copyOf(bound), mapping, port);
    }

    /** The local address the 1:1 NAT maps: same family as the public one, not loopback, if there is one. */
    private static TransportAddress mappingFace(List<SinglePortUdpHarvester> bound, InetAddress publicAddress) {
        List<TransportAddress> local = bound.stream().map(SinglePortUdpHarvester::getLocalAddress).toList();
        return local.stream()
                .filter(a -> !a.getAddress().isLoopbackAddress())
                .filter(a -> a.getAddress().getClass() == publicAddress.getClass())
                .findFirst()
                .or(() -> local.stream().filter(a -> !a.getAddress().isLoopbackAddress()).findFirst())
                .orElse(local.get(0));
    }

    /** The UDP port every transport receives on. */
    public int port() {
        return port;
    }

    /** Registers the shared harvesters with a new agent, before it creates its component. */
    public void addTo(Agent agent) {
        harvesters.forEach(agent::addCandidateHarvester);
        publicMapping.ifPresent(agent::addCandidateHarvester);
    }

    /**
     * Closes the sockets and waits (briefly, bounded) until the port can be bound again: the JDK releases a socket
     * that a thread is blocked receiving on only when that thread wakes up, a few milliseconds later.
     */
    @Override
    public void close() {
        harvesters.forEach(SinglePortUdpHarvester::close);
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        for (SinglePortUdpHarvester harvester : harvesters) {
            InetSocketAddress address = new InetSocketAddress(harvester.getLocalAddress().getAddress(), port);
            while (!canBind(address) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void prepareIce4j() throws IOException {
        // ice4j caches its config when the first harvester is built; without this the first Agent probes the
        // cloud metadata address over HTTP. An explicit -D setting wins.
        if (System.getProperty(AWS_MAPPING) == null) {
            System.setProperty(AWS_MAPPING, "false");
        }
        // Without it Component.setBufferCallback never fires.
        AbstractUdpListener.USE_PUSH_API = true;
        ReceiveBufferPool.install();
        // Loads what closing needs now: at shutdown the class loader may already be gone ("zip file closed").
        new SinglePortUdpHarvester(new TransportAddress(InetAddress.getLoopbackAddress(), 0, Transport.UDP)).close();
    }
}
