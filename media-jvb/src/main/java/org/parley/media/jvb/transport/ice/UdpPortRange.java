package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ice4j.ice.Agent;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;
import org.parley.media.spi.MediaSettings;

/**
 * A port per transport from {@code portMin..portMax}, bound on every configured address (the same number on each),
 * released when the transport's agent is freed. Ports are handed out round-robin so a just-released port (whose
 * late datagrams may still be in flight) is reused last.
 */
public final class UdpPortRange implements MediaPorts {

    private final List<BindAddress> addresses;
    private final Optional<InetAddress> publicAddress;
    private final int min;
    private final int max;
    // Guarded by this: offsets (port - min) currently leased, and where the next search starts.
    private final BitSet leased = new BitSet();
    private int next;
    private boolean closed;

    private UdpPortRange(List<BindAddress> addresses, Optional<InetAddress> publicAddress, int min, int max) {
        this.addresses = addresses;
        this.publicAddress = publicAddress;
        this.min = min;
        this.max = max;
    }

    /** Checks the settings; binds nothing until a transport asks. */
    public static UdpPortRange open(MediaSettings settings) throws IOException {
        List<BindAddress> addresses = BindAddresses.resolve(settings.bindAddresses());
        Optional<InetAddress> publicAddress = PublicMapping.parse(settings);
        Ice4jSetup.prepare();
        return new UdpPortRange(addresses, publicAddress, settings.portMin(), settings.portMax());
    }

    @Override
    public Lease attach(Agent agent) throws IOException {
        Allocation allocation = allocate();
        agent.addCandidateHarvester(new OwnSocketsHarvester(allocation.sockets()));
        publicAddress.ifPresent(p -> agent.addCandidateHarvester(PublicMapping.harvester(p,
                allocation.sockets().stream().map(MultiplexingDatagramSocket::getLocalAddress).toList(),
                allocation.port())));
        return new Lease() {
            @Override
            public void close() {
                release(allocation);
            }

            @Override
            public DatagramSocket socketAt(InetSocketAddress local) {
                return allocation.sockets().stream()
                        .filter(s -> s.getLocalPort() == local.getPort() && s.getLocalAddress().equals(local.getAddress()))
                        .findFirst().orElse(null);
            }
        };
    }

    @Override
    public boolean pushesPackets() {
        return false;
    }

    @Override
    public int sharedPort() {
        return 0;
    }

    /** Ports still leased (for tests and diagnostics). */
    public synchronized int leasedCount() {
        return leased.cardinality();
    }

    @Override
    public synchronized void close() {
        closed = true; // transports close their own leases
    }

    private record Allocation(int port, List<MultiplexingDatagramSocket> sockets) {}

    private synchronized Allocation allocate() throws IOException {
        if (closed) {
            throw new IOException("The media port range is closed");
        }
        int size = max - min + 1;
        for (int i = 0; i < size; i++) {
            int offset = (next + i) % size;
            if (leased.get(offset)) {
                continue;
            }
            List<MultiplexingDatagramSocket> sockets = bindAll(min + offset);
            if (!sockets.isEmpty()) {
                leased.set(offset);
                next = (offset + 1) % size;
                return new Allocation(min + offset, sockets);
            }
        }
        throw new IOException("No free UDP port in the media port range " + min + "-" + max + " on "
                + addresses.stream().map(a -> a.address().getHostAddress()).collect(Collectors.joining(", "))
                + " (" + leased.cardinality() + " in use by Parley; others may be taken by other programs)");
    }

    /** The sockets bound on {@code port}, or none when a required address cannot take it. */
    private List<MultiplexingDatagramSocket> bindAll(int port) {
        List<MultiplexingDatagramSocket> sockets = new ArrayList<>();
        for (BindAddress bind : addresses) {
            try {
                sockets.add(new MultiplexingDatagramSocket(port, bind.address())); // no SO_REUSEADDR: exclusive
            } catch (SocketException e) {
                if (bind.required()) {
                    sockets.forEach(MultiplexingDatagramSocket::close);
                    return List.of();
                }
            }
        }
        return sockets;
    }

    private void release(Allocation allocation) {
        allocation.sockets().forEach(MultiplexingDatagramSocket::close);
        synchronized (this) {
            leased.clear(allocation.port() - min);
        }
    }
}
