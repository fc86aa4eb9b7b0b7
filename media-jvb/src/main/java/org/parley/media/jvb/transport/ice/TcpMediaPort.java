package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.parley.media.jvb.transport.MediaThread;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;

/**
 * Passive ICE-TCP (RFC 6544): one TCP port Parley listens on for participants whose network lets no UDP through.
 * Every connection carries RFC 4571 frames; a frame is demultiplexed as on the UDP port (STUN to the session its
 * USERNAME names, anything else to the session that verified the connection).
 *
 * <p>The same rule as UDP: nothing but binding requests is taken from a connection until one verifies. Until then a
 * connection is pending: it must verify within {@link #VERIFY_WITHIN} (by default), and at most
 * {@value #MAX_PENDING_PER_ADDRESS} connections from one IP address and {@value #MAX_PENDING} in all may be pending;
 * others are closed at once. One thread (a selector) reads every connection.
 */
public final class TcpMediaPort implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TcpMediaPort.class.getName());

    static final int MAX_PENDING = 256;
    static final int MAX_PENDING_PER_ADDRESS = 8;
    static final Duration VERIFY_WITHIN = Duration.ofSeconds(10);
    private static final long SWEEP_MILLIS = 500;

    private final int port;
    private final List<InetSocketAddress> localAddresses;
    private final List<ServerSocketChannel> listeners;
    private final Selector selector;
    private final SessionsByUfrag byUfrag = new SessionsByUfrag();
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private final long verifyWithinNanos;
    private final ReadFaults faults;
    private volatile boolean closed;
    /** When the reading thread began handling what the selector returned (System.nanoTime), 0 while it waits. */
    private volatile long busySince;
    /** The reading thread's: pending connections, oldest first, and how many each address has. */
    private final ArrayDeque<TcpConnection> pending = new ArrayDeque<>();
    private final Map<InetAddress, Integer> pendingByAddress = new HashMap<>();

    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder expiredConnections = new LongAdder();
    private final LongAdder malformedFrames = new LongAdder();
    private final LongAdder droppedStun = new LongAdder();
    private final LongAdder droppedUnverified = new LongAdder();

    private TcpMediaPort(int port, List<InetSocketAddress> localAddresses, List<ServerSocketChannel> listeners,
                         Selector selector, Duration verifyWithin) {
        this.port = port;
        this.faults = new ReadFaults("TCP " + port);
        this.verifyWithinNanos = verifyWithin.toNanos();
        this.localAddresses = localAddresses;
        this.listeners = listeners;
        this.selector = selector;
        this.reader = new MediaThread(this::run, "parley-media-tcp");
        reader.setPriority(Thread.MAX_PRIORITY);
    }

    /**
     * Listens on {@code port} (0: any free one, the same on every address) on each address and starts reading.
     *
     * @throws IOException when a required address cannot take the port; nothing stays bound then
     */
    public static TcpMediaPort open(List<BindAddress> addresses, int port) throws IOException {
        return open(addresses, port, VERIFY_WITHIN);
    }

    /** @param verifyWithin how long a connection may stay open without a binding request that verifies */
    static TcpMediaPort open(List<BindAddress> addresses, int port, Duration verifyWithin) throws IOException {
        List<ServerSocketChannel> listeners = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        Selector selector = Selector.open();
        int chosen = port;
        try {
            for (BindAddress bind : addresses) {
                ServerSocketChannel listener = ServerSocketChannel.open();
                try {
                    listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    listener.bind(new InetSocketAddress(bind.address(), chosen), 128);
                    listener.configureBlocking(false);
                } catch (IOException e) {
                    listener.close();
                    if (!bind.required() && !bound.isEmpty()) {
                        continue; // an interface address that cannot take the port (e.g. IPv6 off) is skipped
                    }
                    throw new IOException("Cannot listen on TCP " + bind.address().getHostAddress() + ":" + chosen
                            + ": " + e.getMessage(), e);
                }
                listeners.add(listener);
                InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
                chosen = local.getPort();
                bound.add(local);
                listener.register(selector, SelectionKey.OP_ACCEPT);
            }
            if (bound.isEmpty()) {
                throw new IOException("No address to listen for ICE-TCP on");
            }
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel listener : listeners) {
                listener.close();
            }
            selector.close();
            throw e;
        }
        TcpMediaPort tcp = new TcpMediaPort(chosen, List.copyOf(bound), List.copyOf(listeners), selector, verifyWithin);
        tcp.reader.start();
        return tcp;
    }

    public int port() {
        return port;
    }

    /** One address per listening address (the port's passive candidates). */
    public List<InetSocketAddress> localAddresses() {
        return localAddresses;
    }

    public void register(String ufrag, StunSession session) {
        byUfrag.register(ufrag, session);
    }

    /** Forgets the session's ufrag (its connections close when it forgets them). */
    public void unregister(String ufrag, StunSession session) {
        byUfrag.unregister(ufrag, session);
    }

    /** Connections closed at once: too many pending from one address, or in all. */
    public long refusedConnectionCount() {
        return refusedConnections.sum();
    }

    /** Pending connections closed because no binding request on them verified in time. */
    public long expiredConnectionCount() {
        return expiredConnections.sum();
    }

    /** Connections closed for a frame of length 0 or over the limit. */
    public long malformedFrameCount() {
        return malformedFrames.sum();
    }

    /** STUN that was not a binding request naming a session. */
    public long droppedStunCount() {
        return droppedStun.sum();
    }

    /** Connections closed for sending something other than STUN before a binding request verified. */
    public long droppedUnverifiedCount() {
        return droppedUnverified.sum();
    }

    /** Connections open now, pending or verified (for tests: strangers' connections do not stay). */
    public int openConnectionCount() {
        return open.size();
    }

    /** What is wrong with the reading thread (stopped, or stuck longer than {@code stuckAfter}); empty if nothing. */
    /** Frames whose handling failed, and restarts of the reading loop. */
    long readFaults() {
        return faults.packetFaults() + faults.restarts();
    }

    public Optional<String> readerProblem(Duration stuckAfter) {
        if (closed) {
            return Optional.of("the ICE-TCP port " + port + " is closed");
        }
        if (!reader.isAlive()) {
            return Optional.of(reader.getName() + " (TCP " + port + ") has stopped");
        }
        Optional<String> failing = faults.problem();
        if (failing.isPresent()) {
            return failing;
        }
        long since = busySince;
        long now = System.nanoTime();
        if (since != 0 && now - since > stuckAfter.toNanos()) {
            return Optional.of(reader.getName() + " (TCP " + port + ") has been busy for "
                    + Duration.ofNanos(now - since).toMillis() + " ms");
        }
        return Optional.empty();
    }

    // ---- the reading thread ----

    private void run() {
        StunScratch scratch = new StunScratch();
        long nextSweep = System.nanoTime();
        while (!closed) {
            try {
                selector.select(SWEEP_MILLIS);
                busySince = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept((ServerSocketChannel) key.channel());
                    } else if (key.attachment() instanceof TcpConnection connection) {
                        serve(key, connection, scratch);
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    expirePending(now);
                    nextSweep = now + SWEEP_MILLIS * 1_000_000;
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "ICE-TCP reading failed; going on", e);
                }
            } catch (VirtualMachineError fatal) {
                if (!closed) {
                    faults.readerRestarted(Thread.currentThread().getName(), fatal);
                    LockSupport.parkNanos(ReadFaults.RESTART_PAUSE_NANOS);
                }
            } finally {
                busySince = 0;
            }
        }
    }

    /** Where every connection enters. */
    private void accept(ServerSocketChannel listener) throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        int fromThere = pendingByAddress.getOrDefault(remote.getAddress(), 0);
        if (pending.size() >= MAX_PENDING || fromThere >= MAX_PENDING_PER_ADDRESS) {
            refusedConnections.increment();
            channel.close();
            return;
        }
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TcpConnection connection = new TcpConnection(this, channel, remote, System.nanoTime());
            connection.registered(channel.register(selector, SelectionKey.OP_READ, connection));
            open.add(connection);
            pending.addLast(connection);
            pendingByAddress.put(remote.getAddress(), fromThere + 1);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void serve(SelectionKey key, TcpConnection connection, StunScratch scratch) {
        try {
            if (key.isValid() && key.isWritable()) {
                connection.onWritable();
            }
            if (key.isValid() && key.isReadable() && !connection.onReadable(scratch)) {
                connection.close();
            }
        } catch (IOException e) {
            connection.close(); // reset by the peer
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            faults.packetFailed(connection.remote(), e);
            connection.close();
        }
    }

    /**
     * A frame from {@code connection}: STUN goes to the session its USERNAME names; anything else to the session that
     * verified the connection.
     *
     * @return false when the connection is to be closed (it sent something other than STUN before verifying)
     */
    boolean dispatch(TcpConnection connection, byte[] bytes, int offset, int length, StunScratch scratch) {
        if ((bytes[offset] & 0xFF) < 4) {
            StunSession session = byUfrag.lookUp(bytes, offset, length, scratch);
            if (session == null) {
                droppedStun.increment();
                return true;
            }
            session.onBindingRequest(connection, connection.remote(), bytes, offset, length, scratch);
            return true;
        }
        StunSession session = connection.session();
        if (session == null) {
            droppedUnverified.increment();
            return false;
        }
        session.onPacket(bytes, offset, length);
        return true;
    }

    /** The reading thread: a binding request on {@code connection} verified; it is no longer pending. */
    void verified(TcpConnection connection) {
        if (pending.remove(connection)) {
            notPending(connection);
        }
    }

    /** Any thread: the connection closed. */
    void closed(TcpConnection connection) {
        open.remove(connection);
        if (Thread.currentThread() == reader && pending.remove(connection)) {
            notPending(connection);
        }
    }

    void countMalformed() {
        malformedFrames.increment();
    }

    void wakeUp() {
        selector.wakeup();
    }

    private void notPending(TcpConnection connection) {
        pendingByAddress.computeIfPresent(connection.remote().getAddress(), (a, n) -> n > 1 ? n - 1 : null);
    }

    private void expirePending(long now) {
        long oldest = now - verifyWithinNanos;
        while (!pending.isEmpty() && (pending.peekFirst().acceptedAt() - oldest <= 0 || pending.peekFirst().isClosed())) {
            TcpConnection connection = pending.removeFirst();
            notPending(connection);
            if (!connection.isClosed()) {
                expiredConnections.increment();
                connection.close();
            }
        }
    }

    /** Stops listening and closes every connection; returns once the reading thread stopped (bounded wait). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TcpConnection connection : List.copyOf(open)) {
            connection.close();
        }
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
