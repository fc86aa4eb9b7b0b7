package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.parley.media.jvb.transport.MediaThread;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;

/**
 * A UDP port Parley owns: bound on each local address, read by several threads (one {@link DatagramChannel} each,
 * sharing the port through {@code SO_REUSEPORT}, so the kernel keeps each sender on one thread and its packets in
 * order). Every datagram is demultiplexed here (RFC 7983):
 * <ul>
 *   <li>STUN goes to the ICE session its USERNAME names (registered when the session is created, never by a
 *       datagram), which answers only when MESSAGE-INTEGRITY verifies;</li>
 *   <li>anything else goes to the session that verified the sender's address, or is dropped and counted.</li>
 * </ul>
 * Nothing is created for an address until a binding request from it verifies: no socket, thread, map entry or buffer.
 */
public final class UdpMediaPort implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UdpMediaPort.class.getName());
    private static final int MAX_DATAGRAM = 2048;
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

    /** One socket of the port: where a reply to what arrived on it leaves from. */
    public final class Channel implements IceLink {
        private final DatagramChannel channel;
        private final InetSocketAddress local;
        /** When its reader began handling the current datagram (System.nanoTime), 0 while it waits for one. */
        private volatile long busySince;

        private Channel(DatagramChannel channel, InetSocketAddress local) {
            this.channel = channel;
            this.local = local;
        }

        /** Sends the buffer's remaining bytes; any thread (the JDK serialises senders of one channel). */
        @Override
        public void send(ByteBuffer data, InetSocketAddress to) throws IOException {
            channel.send(data, to);
        }

        @Override
        public void admit(InetSocketAddress from, StunSession session) {
            byAddress.put(from, session);
        }

        @Override
        public void forget(InetSocketAddress from, StunSession session) {
            byAddress.remove(from, session);
        }
    }

    /** A bound socket, before the port that reads it exists. */
    private record Bound(DatagramChannel channel, InetSocketAddress local) {}

    private final int port;
    private final List<InetSocketAddress> localAddresses;
    private final List<Channel> channels;
    private final List<Thread> readers = new ArrayList<>();
    private final SessionsByUfrag byUfrag = new SessionsByUfrag();
    private final ConcurrentHashMap<InetSocketAddress, StunSession> byAddress = new ConcurrentHashMap<>();
    private final LongAdder droppedStun = new LongAdder();
    private final LongAdder droppedUnverified = new LongAdder();
    private final ReadFaults faults;
    private volatile boolean closed;

    private UdpMediaPort(int port, List<InetSocketAddress> localAddresses, List<Bound> sockets) {
        this.port = port;
        this.faults = new ReadFaults("UDP " + port);
        this.localAddresses = localAddresses;
        this.channels = sockets.stream().map(b -> new Channel(b.channel(), b.local())).toList();
    }

    /**
     * Binds {@code port} (0: any free one, the same on every address) on each address, {@code threads} sockets per
     * address (one where {@code SO_REUSEPORT} is not available), and starts reading.
     *
     * @throws IOException when a required address cannot take the port, or the port is in use; nothing stays bound
     */
    public static UdpMediaPort open(List<BindAddress> addresses, int port, int threads, String name) throws IOException {
        if (port != 0) {
            // SO_REUSEPORT would quietly share a port another Parley of the same user already reads.
            for (BindAddress bind : addresses) {
                if (!canBind(new InetSocketAddress(bind.address(), port))
                        && (bind.required() || bind.address().isLoopbackAddress())) {
                    throw new IOException("UDP port " + port + " is already in use on " + bind.address().getHostAddress());
                }
            }
        }
        List<Bound> channels = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        int chosen = port;
        try {
            for (BindAddress bind : addresses) {
                List<Bound> here = new ArrayList<>();
                try {
                    for (int i = 0; i < threads; i++) {
                        DatagramChannel channel = open(bind.address(), threads > 1);
                        if (threads > 1 && !channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                            threads = 1; // this platform cannot share a port between sockets: one reads it
                        }
                        try {
                            channel.bind(new InetSocketAddress(bind.address(), chosen));
                        } catch (IOException e) {
                            channel.close();
                            throw e;
                        }
                        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
                        chosen = local.getPort();
                        here.add(new Bound(channel, local));
                    }
                } catch (IOException e) {
                    for (Bound c : here) {
                        c.channel().close();
                    }
                    if (!bind.required() && !bound.isEmpty()) {
                        continue; // an interface address that cannot take the port (e.g. IPv6 off) is skipped
                    }
                    throw new IOException("Cannot bind UDP " + bind.address().getHostAddress() + ":" + chosen + ": "
                            + e.getMessage(), e);
                }
                channels.addAll(here);
                bound.add(here.get(0).local());
            }
        } catch (IOException | RuntimeException e) {
            for (Bound c : channels) {
                c.channel().close();
            }
            throw e;
        }
        if (bound.isEmpty()) {
            throw new IOException("No address to bind media on");
        }
        UdpMediaPort mediaPort = new UdpMediaPort(chosen, List.copyOf(bound), channels);
        mediaPort.startReaders(name);
        return mediaPort;
    }

    private static DatagramChannel open(InetAddress address, boolean shared) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            if (shared && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    public int port() {
        return port;
    }

    /** One address per bound local address (the port's host candidates). */
    public List<InetSocketAddress> localAddresses() {
        return localAddresses;
    }

    /** Sends STUN whose USERNAME starts with {@code ufrag} to {@code session}, until {@link #unregister}. */
    public void register(String ufrag, StunSession session) {
        byUfrag.register(ufrag, session);
    }

    /** Forgets the session's ufrag and every address it verified. */
    public void unregister(String ufrag, StunSession session) {
        byUfrag.unregister(ufrag, session);
        byAddress.values().removeIf(s -> s == session);
    }

    /** STUN dropped: not a binding request, malformed, or naming no session. */
    public long droppedStunCount() {
        return droppedStun.sum();
    }

    /** Other datagrams dropped: from an address no binding request verified. */
    public long droppedUnverifiedCount() {
        return droppedUnverified.sum();
    }

    /** Addresses verified by some session now (for tests: nothing is kept for strangers). */
    public int verifiedAddressCount() {
        return byAddress.size();
    }

    private void startReaders(String name) {
        int index = 0;
        for (Channel channel : channels) {
            Thread reader = new MediaThread(() -> readUntilClosed(channel), "parley-media-" + name + "-" + index++);
            reader.setPriority(Thread.MAX_PRIORITY);
            readers.add(reader);
            reader.start();
        }
    }

    /** A reading thread: where every datagram enters. */
    /** Reads until closed; a reading loop that dies of a JVM error (out of memory) is counted and started again. */
    private void readUntilClosed(Channel channel) {
        while (!closed) {
            try {
                read(channel);
            } catch (VirtualMachineError fatal) {
                channel.busySince = 0;
                if (!closed) {
                    faults.readerRestarted(Thread.currentThread().getName(), fatal);
                    LockSupport.parkNanos(ReadFaults.RESTART_PAUSE_NANOS); // let the JVM recover before the next buffer
                }
            }
        }
    }

    private void read(Channel channel) {
        byte[] bytes = new byte[MAX_DATAGRAM];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        StunScratch scratch = new StunScratch();
        while (!closed) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "UDP receive failed on {0}: {1}", channel.local, e.toString());
                continue;
            }
            if (from instanceof InetSocketAddress sender && buffer.position() > 0) {
                channel.busySince = System.nanoTime();
                try {
                    demultiplex(channel, sender, bytes, buffer.position(), scratch);
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    faults.packetFailed(sender, e); // the packet is lost, the reader goes on
                } finally {
                    channel.busySince = 0;
                }
            }
        }
    }

    private void demultiplex(Channel channel, InetSocketAddress from, byte[] bytes, int length, StunScratch scratch) {
        if ((bytes[0] & 0xFF) < 4) {
            StunSession session = byUfrag.lookUp(bytes, 0, length, scratch);
            if (session == null) {
                droppedStun.increment();
                return;
            }
            session.onBindingRequest(channel, from, bytes, 0, length, scratch);
            return;
        }
        StunSession session = byAddress.get(from);
        if (session == null) {
            droppedUnverified.increment();
            return;
        }
        session.onPacket(bytes, 0, length);
    }

    /**
     * What is wrong with the reading threads: one that died, or one busy with a single datagram for longer than
     * {@code stuckAfter} (a datagram takes microseconds); empty when nothing is.
     */
    /** Packets whose handling failed, and readers started again. */
    public long readFaults() {
        return faults.packetFaults() + faults.restarts();
    }

    public Optional<String> readerProblem(Duration stuckAfter) {
        if (closed) {
            return Optional.of("the media port " + port + " is closed");
        }
        Optional<String> failing = faults.problem();
        if (failing.isPresent()) {
            return failing;
        }
        long now = System.nanoTime();
        for (int i = 0; i < readers.size(); i++) {
            Thread reader = readers.get(i);
            if (!reader.isAlive()) {
                return Optional.of(reader.getName() + " (UDP " + port + ") has stopped");
            }
            long since = channels.get(i).busySince;
            if (since != 0 && now - since > stuckAfter.toNanos()) {
                return Optional.of(reader.getName() + " (UDP " + port + ") has been handling one datagram for "
                        + Duration.ofNanos(now - since).toMillis() + " ms");
            }
        }
        return Optional.empty();
    }

    /** Closes the sockets; returns once the port can be bound again (bounded wait) and the readers stopped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel channel : channels) {
            try {
                channel.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        for (Thread reader : readers) {
            if (reader != Thread.currentThread()) {
                try {
                    reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        for (InetSocketAddress local : localAddresses) {
            while (!canBind(local) && System.nanoTime() < deadline) {
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
