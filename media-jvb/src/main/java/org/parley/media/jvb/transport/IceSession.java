package org.parley.media.jvb.transport;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.stack.RequestListener;
import org.ice4j.util.BufferPool;
import org.parley.media.jvb.transport.ice.IceCandidates;
import org.parley.media.jvb.transport.ice.MediaPorts;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;

/**
 * One ICE session of a transport: an ice4j agent (controlled) with its own credentials and candidates. A transport
 * has one, plus a second while an ICE restart is under way; DTLS and SRTP live above it and survive the swap.
 */
final class IceSession {

    /** Receives every datagram that is not STUN; the buffer is only valid during the call. */
    @FunctionalInterface
    interface PacketSink {
        void onPacket(byte[] buffer, int offset, int length);
    }

    private static final int READ_TIMEOUT_MILLIS = 250;

    /** Where media goes on a selected pair: looked up once per pair, not per packet. No socket: ice4j sends. */
    private record Route(CandidatePair pair, DatagramSocket socket, InetSocketAddress remote) {}

    private static final Route NO_ROUTE = new Route(null, null, null);

    final Agent agent;
    final IceMediaStream stream;
    final Component component;
    final List<IceCandidate> localCandidates;
    private final MediaPorts.Lease lease;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile Thread reader;
    private volatile Route route = NO_ROUTE;

    private IceSession(Agent agent, IceMediaStream stream, Component component, MediaPorts.Lease lease) {
        this.agent = agent;
        this.stream = stream;
        this.component = component;
        this.lease = lease;
        this.localCandidates = component.getLocalCandidates().stream().map(IceCandidates::toSpi).toList();
    }

    /**
     * Creates an agent with fresh credentials and its candidates.
     *
     * @param onState          ICE processing state changes of this session
     * @param onAuthenticated  called for each STUN request that passed the credential check (consent)
     * @throws UncheckedIOException when no port is available; nothing is left allocated then
     */
    static IceSession create(String name, MediaPorts ports, PacketSink sink,
            BiConsumer<IceSession, PropertyChangeEvent> onState, Runnable onAuthenticated) {
        Agent agent = new Agent();
        MediaPorts.Lease lease = null;
        IceSession session;
        try {
            agent.setLoggingLevel(java.util.logging.Level.WARNING); // ice4j logs every pair change at INFO
            agent.setControlling(false);
            agent.setUseDynamicPorts(false);
            lease = ports.attach(agent);
            IceMediaStream stream = agent.createMediaStream("parley");
            Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            if (component.getLocalCandidateCount() == 0) {
                throw new IOException("No local candidate for " + name);
            }
            session = new IceSession(agent, stream, component, lease);
        } catch (IOException | RuntimeException e) {
            agent.free();
            if (lease != null) {
                lease.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("Cannot create ICE agent for " + name
                    + ": " + io.getMessage(), io) : (RuntimeException) e;
        }
        RequestListener authenticated = event -> onAuthenticated.run();
        agent.getStunStack().addRequestListener(authenticated);
        agent.addStateChangeListener(event -> onState.accept(session, event));
        if (ports.pushesPackets()) {
            session.component.setBufferCallback(buffer -> {
                try {
                    sink.onPacket(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
                } finally {
                    BufferPool.returnBuffer.invoke(buffer);
                }
            });
        } else {
            session.startReader(name, sink);
        }
        return session;
    }

    IceParameters localParameters() {
        return new IceParameters(agent.getLocalUfrag(), agent.getLocalPassword());
    }

    /** Sets the remote credentials and starts answering and sending checks; false when already started. */
    boolean start(IceParameters remote) {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        stream.setRemoteUfrag(remote.usernameFragment());
        stream.setRemotePassword(remote.password());
        // Browsers often send no usable candidate before their checks arrive: ice4j learns them peer-reflexively.
        agent.startConnectivityEstablishment();
        return true;
    }

    boolean isStarted() {
        return started.get();
    }

    IceProcessingState state() {
        return agent.getState();
    }

    /** Sends the packet's data on the selected pair (this sets its address); throws before ICE selected one. */
    void send(DatagramPacket packet) throws IOException {
        CandidatePair selected = component.getSelectedPair();
        Route current = route;
        if (current.pair() != selected) {
            current = routeOver(selected);
            route = current;
        }
        if (current.socket() == null) {
            component.send(packet.getData(), packet.getOffset(), packet.getLength());
            return;
        }
        packet.setSocketAddress(current.remote());
        current.socket().send(packet);
    }

    /** Whether sends on the current pair go straight to the port's socket rather than through ice4j: for tests. */
    boolean sendsDirectly() {
        return route.socket() != null;
    }

    private Route routeOver(CandidatePair pair) {
        if (pair == null) {
            return NO_ROUTE;
        }
        LocalCandidate local = pair.getLocalCandidate();
        LocalCandidate base = local.getBase() != null ? local.getBase() : local; // a public mapping sends from its host
        return new Route(pair, lease.socketAt(base.getTransportAddress()),
                pair.getRemoteCandidate().getTransportAddress());
    }

    /** Stops the agent and releases its port (range) and credentials (checks with them get no answer). */
    void free() {
        if (!freed.compareAndSet(false, true)) {
            return;
        }
        agent.free();
        lease.close();
        Thread thread = reader;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(READ_TIMEOUT_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** With its own sockets (port range), nobody pushes packets: read the component socket on a thread. */
    private void startReader(String name, PacketSink sink) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                component.getSocket().setSoTimeout(READ_TIMEOUT_MILLIS);
            } catch (IOException e) {
                return;
            }
            while (!freed.get()) {
                try {
                    packet.setData(buffer, 0, buffer.length);
                    component.getSocket().receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return; // closed
                }
                sink.onPacket(buffer, packet.getOffset(), packet.getLength());
            }
        }, "parley-media-reader-" + name);
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }
}
