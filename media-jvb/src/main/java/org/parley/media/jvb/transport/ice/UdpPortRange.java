package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;

/**
 * A port per ICE session from {@code portMin..portMax}, bound on every configured address (the same number on each)
 * and read by one thread, released when the session ends. Ports are handed out round-robin so a just-released port
 * (whose late datagrams may still be in flight) is reused last.
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

    /** Checks the settings; binds nothing until a session asks. */
    public static UdpPortRange open(MediaSettings settings) throws IOException {
        return new UdpPortRange(BindAddresses.resolve(settings.bindAddresses()), PublicMapping.parse(settings),
                settings.portMin(), settings.portMax());
    }

    @Override
    public Lease lease() throws IOException {
        UdpMediaPort port = allocate();
        List<IceCandidate> candidates = IceCandidates.of(port.localAddresses(), publicAddress);
        return new Lease() {
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
                release(port);
            }
        };
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
        closed = true; // sessions close their own leases
    }

    private synchronized UdpMediaPort allocate() throws IOException {
        if (closed) {
            throw new IOException("The media port range is closed");
        }
        int size = max - min + 1;
        for (int i = 0; i < size; i++) {
            int offset = (next + i) % size;
            if (leased.get(offset)) {
                continue;
            }
            try {
                UdpMediaPort port = UdpMediaPort.open(addresses, min + offset, 1, Integer.toString(min + offset));
                leased.set(offset);
                next = (offset + 1) % size;
                return port;
            } catch (IOException e) {
                // taken by another program: try the next
            }
        }
        throw new IOException("No free UDP port in the media port range " + min + "-" + max + " on "
                + addresses.stream().map(a -> a.address().getHostAddress()).collect(Collectors.joining(", "))
                + " (" + leased.cardinality() + " in use by Parley; others may be taken by other programs)");
    }

    private void release(UdpMediaPort port) {
        port.close();
        synchronized (this) {
            leased.clear(port.port() - min);
        }
    }
}
