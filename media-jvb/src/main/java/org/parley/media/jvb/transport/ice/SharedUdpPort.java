package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;
import org.parley.media.spi.MediaSettings;

/**
 * The one UDP port every transport shares: an ice4j single-port harvester per local address (ice4j demultiplexes
 * sessions by ICE ufrag), plus an optional static 1:1 NAT mapping that advertises the public address.
 */
public final class SharedUdpPort implements MediaPorts {

    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

    private final List<SinglePortUdpHarvester> harvesters;
    private final Optional<StaticMappingCandidateHarvester> publicMapping;
    private final int port;
    /** Every agent shares the port: its lease holds nothing but the way to the port's sockets. */
    private final Lease shared;

    private SharedUdpPort(List<SinglePortUdpHarvester> harvesters,
            Optional<StaticMappingCandidateHarvester> publicMapping, int port) {
        this.harvesters = harvesters;
        this.publicMapping = publicMapping;
        this.port = port;
        Map<InetSocketAddress, DatagramSocket> sockets = new HashMap<>();
        for (SinglePortUdpHarvester harvester : harvesters) {
            DatagramSocket socket = Ice4jSockets.socketOf(harvester);
            if (socket != null) {
                TransportAddress local = harvester.getLocalAddress();
                sockets.put(new InetSocketAddress(local.getAddress(), local.getPort()), socket);
            }
        }
        Map<InetSocketAddress, DatagramSocket> byAddress = Map.copyOf(sockets);
        this.shared = new Lease() {
            @Override
            public void close() {
                // the port stays open for the others until the factory closes it
            }

            @Override
            public DatagramSocket socketAt(InetSocketAddress local) {
                return byAddress.get(new InetSocketAddress(local.getAddress(), local.getPort()));
            }
        };
    }

    /**
     * Binds the port on every configured address (a wildcard: every usable address plus 127.0.0.1).
     *
     * @throws IOException when a configured address cannot be bound; nothing stays bound then
     */
    public static SharedUdpPort open(MediaSettings settings) throws IOException {
        List<BindAddress> addresses = BindAddresses.resolve(settings.bindAddresses());
        Optional<InetAddress> publicAddress = PublicMapping.parse(settings);
        Ice4jSetup.prepare();

        int port = settings.port();
        if (port != 0) {
            // ice4j binds with SO_REUSEADDR, which would silently share a port another server already uses.
            for (BindAddress bind : addresses) {
                if (!canBind(new InetSocketAddress(bind.address(), port))
                        && (bind.required() || bind.address().isLoopbackAddress())) {
                    throw new IOException("UDP port " + port + " is already in use on "
                            + bind.address().getHostAddress());
                }
            }
        }
        List<SinglePortUdpHarvester> bound = new ArrayList<>();
        try {
            for (BindAddress bind : addresses) {
                SinglePortUdpHarvester harvester;
                try {
                    harvester = new SinglePortUdpHarvester(new TransportAddress(bind.address(), port, Transport.UDP));
                } catch (IOException e) {
                    if (!bind.required() && !bound.isEmpty()) {
                        continue; // an interface address that cannot take the port (e.g. IPv6 off) is skipped
                    }
                    throw new IOException("Cannot bind UDP " + bind.address().getHostAddress() + ":" + port + ": "
                            + e.getMessage(), e);
                }
                bound.add(harvester);
                port = harvester.getLocalAddress().getPort(); // port 0: the others share the first one's port
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(SinglePortUdpHarvester::close);
            throw e;
        }
        if (bound.isEmpty()) {
            throw new IOException("No address to bind media on among " + settings.bindAddresses());
        }
        List<InetAddress> local = bound.stream().map(h -> h.getLocalAddress().getAddress()).toList();
        int chosen = port;
        return new SharedUdpPort(List.copyOf(bound),
                publicAddress.map(p -> PublicMapping.harvester(p, local, chosen)), port);
    }

    @Override
    public int sharedPort() {
        return port;
    }

    @Override
    public boolean pushesPackets() {
        return true;
    }

    @Override
    public Lease attach(Agent agent) {
        harvesters.forEach(agent::addCandidateHarvester);
        publicMapping.ifPresent(agent::addCandidateHarvester);
        return shared;
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

    static boolean canBind(InetSocketAddress address) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
