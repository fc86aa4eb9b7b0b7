package org.parley.media.spi.tck.peer;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;

/**
 * A client-side WebRTC peer for tests and load generation, on the same libraries a backend uses: an ice4j
 * CONTROLLING agent with one host candidate on 127.0.0.1, a Bouncy Castle DTLS client offering use_srtp, and
 * jitsi-srtp. It connects only to loopback candidates (tests never send elsewhere).
 *
 * <pre>
 * TestPeer peer = TestPeer.create();
 * transport.connect(peer.iceParameters(), peer.fingerprint());
 * peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
 * peer.awaitConnected(Duration.ofSeconds(10));
 * peer.sendRtp(RtpPackets.rtp(1234, 96, 1, 0, payload));
 * byte[] echoed = peer.receivedRtp().poll(5, TimeUnit.SECONDS);
 * </pre>
 */
public final class TestPeer implements AutoCloseable {

    private static final int QUEUE_CAPACITY = 1024;

    private final TestPeerOptions options;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final PeerCertificate presented;
    private final DtlsFingerprint advertised;
    /** The ICE session in use; replaced when an ICE restart completes (DTLS and SRTP stay). */
    private volatile Agent agent;
    private volatile IceMediaStream stream;
    private volatile Component component;
    /** An ICE restart under way, or null. */
    private volatile Agent restartAgent;
    private volatile CompletableFuture<Void> restarted = CompletableFuture.completedFuture(null);
    private final BlockingQueue<byte[]> dtlsIn = new ArrayBlockingQueue<>(64);
    private final BlockingQueue<byte[]> rtpIn = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<byte[]> rtcpIn = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final AtomicBoolean connectCalled = new AtomicBoolean();
    private final AtomicBoolean dtlsStarted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();
    private volatile PeerSrtp srtp;
    private volatile DTLSTransport dtls;
    private volatile TestPeerOptions.SrtpProfileName negotiated;
    /** The server's current credentials: consent checks are signed with its password. */
    private volatile IceParameters serverIce;
    private Thread reader;
    private Thread handshake;

    private TestPeer(TestPeerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        presented = PeerCertificate.generate(crypto);
        advertised = options.mismatchedCertificate() ? PeerCertificate.generate(crypto).fingerprint
                : presented.fingerprint;
        agent = newAgent("test-peer");
        stream = agent.getStream("test-peer");
        component = stream.getComponent(org.ice4j.ice.Component.RTP);
        agent.addStateChangeListener(this::onIceStateChange);
    }

    /** A controlling agent with fresh credentials and one host candidate on a new loopback port. */
    private static Agent newAgent(String streamName) {
        Agent created = new Agent();
        try {
            created.setLoggingLevel(java.util.logging.Level.WARNING);
            created.setControlling(true);
            created.setUseDynamicPorts(false);
            created.addCandidateHarvester(new LoopbackHostHarvester());
            IceMediaStream createdStream = created.createMediaStream(streamName);
            created.createComponent(createdStream, KeepAliveStrategy.SELECTED_ONLY, true);
            return created;
        } catch (IOException | RuntimeException e) {
            created.free();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public static TestPeer create() {
        return new TestPeer(TestPeerOptions.defaults());
    }

    public static TestPeer create(TestPeerOptions options) {
        return new TestPeer(options);
    }

    public IceParameters iceParameters() {
        return new IceParameters(agent.getLocalUfrag(), agent.getLocalPassword());
    }

    /** The peer's host candidate(s), to trickle to the server if a test wants to (browsers often don't). */
    public List<IceCandidate> candidates() {
        return component.getLocalCandidates().stream().map(TestPeer::toSpi).toList();
    }

    /** The fingerprint this peer advertises (not its certificate's, when built with a mismatched certificate). */
    public DtlsFingerprint fingerprint() {
        return advertised;
    }

    /**
     * Starts ICE as the controlling agent towards the server's loopback candidates, then the DTLS client, which
     * also verifies {@code serverFingerprint}. Returns at once: see {@link #awaitConnected}.
     */
    public void connect(IceParameters serverIce, List<IceCandidate> serverCandidates, DtlsFingerprint serverFingerprint) {
        Objects.requireNonNull(serverIce, "serverIce");
        Objects.requireNonNull(serverFingerprint, "serverFingerprint");
        if (!connectCalled.compareAndSet(false, true)) {
            throw new IllegalStateException("connect() was already called");
        }
        this.serverIce = serverIce;
        stream.setRemoteUfrag(serverIce.usernameFragment());
        stream.setRemotePassword(options.wrongIcePassword() ? serverIce.password() + "-wrong" : serverIce.password());
        int usable = 0;
        for (IceCandidate candidate : serverCandidates) {
            RemoteCandidate remote = toLoopbackRemote(candidate);
            if (remote != null) {
                component.addRemoteCandidate(remote);
                usable++;
            }
        }
        if (usable == 0) {
            throw new IllegalArgumentException("No UDP candidate on 127.0.0.1 or ::1 among " + serverCandidates);
        }
        startReader(serverFingerprint);
        agent.startConnectivityEstablishment();
    }

    /** Waits until ICE and DTLS completed and SRTP is keyed; throws with the reason otherwise. */
    public void awaitConnected(Duration timeout) {
        try {
            connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Test peer not connected after " + timeout + " (ICE state "
                    + agent.getState() + ", DTLS started " + dtlsStarted.get() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Test peer failed to connect: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the test peer", e);
        }
    }

    public boolean isConnected() {
        return connected.isDone() && !connected.isCompletedExceptionally();
    }

    /** Completes when connected, exceptionally with the reason when ICE or DTLS failed. */
    public CompletableFuture<Void> connection() {
        return connected.copy();
    }

    /**
     * Starts an ICE restart as a browser does: a new agent with new credentials on a new local port. Media keeps
     * using the current pair until the new session completes; DTLS and SRTP are kept.
     *
     * @return the new credentials, for the server ({@code setRemoteIceParameters})
     */
    public IceParameters restartIce() {
        if (!isConnected()) {
            throw new IllegalStateException("restart only a connected peer");
        }
        Agent fresh = newAgent("test-peer");
        Agent replaced = restartAgent;
        restartAgent = fresh;
        restarted = new CompletableFuture<>();
        if (replaced != null) {
            replaced.free();
        }
        return new IceParameters(fresh.getLocalUfrag(), fresh.getLocalPassword());
    }

    /** Starts the restart's checks towards the server's new credentials and (loopback) candidates. */
    public void continueRestart(IceParameters serverIce, List<IceCandidate> serverCandidates) {
        Agent fresh = restartAgent;
        if (fresh == null) {
            throw new IllegalStateException("call restartIce() first");
        }
        IceMediaStream freshStream = fresh.getStream("test-peer");
        Component freshComponent = freshStream.getComponent(Component.RTP);
        freshStream.setRemoteUfrag(serverIce.usernameFragment());
        freshStream.setRemotePassword(serverIce.password());
        int usable = 0;
        for (IceCandidate candidate : serverCandidates) {
            RemoteCandidate remote = toLoopbackRemote(candidate, freshComponent);
            if (remote != null) {
                freshComponent.addRemoteCandidate(remote);
                usable++;
            }
        }
        if (usable == 0) {
            throw new IllegalArgumentException("No UDP candidate on 127.0.0.1 or ::1 among " + serverCandidates);
        }
        CompletableFuture<Void> done = restarted;
        fresh.addStateChangeListener(event -> {
            if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
                return;
            }
            IceProcessingState state = (IceProcessingState) event.getNewValue();
            if (state == IceProcessingState.COMPLETED && restartAgent == fresh) {
                Agent old = agent;
                agent = fresh;
                stream = freshStream;
                component = freshComponent;
                restartAgent = null;
                this.serverIce = serverIce;
                old.free(); // its credentials and port are gone from now on
                done.complete(null);
            } else if (state == IceProcessingState.FAILED) {
                done.completeExceptionally(new IllegalStateException("ICE restart failed"));
            }
        });
        fresh.startConnectivityEstablishment();
    }

    /** Waits until the restarted ICE session carries the media. */
    public void awaitRestarted(Duration timeout) {
        try {
            restarted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Agent fresh = restartAgent;
            throw new IllegalStateException("ICE restart not complete after " + timeout + " (state "
                    + (fresh == null ? "none" : fresh.getState()) + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the ICE restart", e);
        }
    }

    /** This peer's current ICE credentials and port, e.g. to show the old ones stop working after a restart. */
    public int localPort() {
        return component.getLocalCandidates().get(0).getTransportAddress().getPort();
    }

    /**
     * Vanishes as a browser whose machine lost the network does: the ICE agent stops (no more consent checks or
     * answers) without any DTLS close_notify. Only {@link #close} remains useful afterwards.
     */
    public void goSilent() {
        Agent current = agent;
        Agent fresh = restartAgent;
        current.free();
        if (fresh != null) {
            fresh.free();
        }
    }

    /** The SRTP profile the server selected; null before DTLS completed. */
    public TestPeerOptions.SrtpProfileName negotiatedProfile() {
        return negotiated;
    }

    public void sendRtp(byte[] packet) {
        sendProtected(packet, false);
    }

    public void sendRtcp(byte[] compound) {
        sendProtected(compound, true);
    }

    /** Sends raw bytes on the selected pair, unencrypted: for garbage and attack tests. */
    public void sendRaw(byte[] datagram) {
        try {
            component.send(datagram, 0, datagram.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Raw send failed", e);
        }
    }

    /** Decrypted RTP packets from the server, in arrival order (bounded: oldest kept, newest dropped when full). */
    public BlockingQueue<byte[]> receivedRtp() {
        return rtpIn;
    }

    public BlockingQueue<byte[]> receivedRtcp() {
        return rtcpIn;
    }

    /** Packets from the server that failed SRTP authentication. */
    public long rejectedCount() {
        return rejected.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connected.completeExceptionally(new IllegalStateException("closed"));
        DTLSTransport session = dtls;
        if (session != null) {
            try {
                session.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort close_notify
            }
        }
        agent.free();
        Agent fresh = restartAgent;
        if (fresh != null) {
            fresh.free();
        }
        join(handshake);
        join(reader);
    }

    // ---- internals ----

    private void sendProtected(byte[] packet, boolean rtcp) {
        PeerSrtp keys = srtp;
        if (keys == null) {
            throw new IllegalStateException("Test peer is not connected");
        }
        try {
            byte[] wire = keys.protect(packet, rtcp);
            component.send(wire, 0, wire.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Send failed", e);
        }
    }

    private void onIceStateChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
            return;
        }
        IceProcessingState state = (IceProcessingState) event.getNewValue();
        if (state == IceProcessingState.FAILED) {
            connected.completeExceptionally(new IllegalStateException("ICE failed"));
        }
    }

    private void startReader(DtlsFingerprint serverFingerprint) {
        reader = new Thread(() -> readLoop(serverFingerprint), "test-peer-reader-" + agent.getLocalUfrag());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(DtlsFingerprint serverFingerprint) {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        // The component socket only exists usefully once ICE picked a pair.
        while (!closed.get() && agent.getState() != IceProcessingState.COMPLETED
                && agent.getState() != IceProcessingState.TERMINATED) {
            if (agent.getState() == IceProcessingState.FAILED || System.nanoTime() > deadline) {
                connected.completeExceptionally(new IllegalStateException("ICE did not complete: " + agent.getState()));
                return;
            }
            sleepBriefly();
        }
        if (closed.get()) {
            return;
        }
        startHandshake(serverFingerprint);
        Component reading = null;
        long consentDue = System.nanoTime();
        while (!closed.get()) {
            if (!options.consentInterval().isZero() && System.nanoTime() - consentDue >= 0) {
                consentDue = System.nanoTime() + options.consentInterval().toNanos();
                sendConsentCheck();
            }
            Component current = component; // changes when an ICE restart completes
            try {
                if (current != reading) {
                    current.getSocket().setSoTimeout(200);
                    reading = current;
                }
                packet.setData(buffer, 0, buffer.length);
                current.getSocket().receive(packet);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (current == component) {
                    if (!closed.get()) {
                        sleepBriefly(); // silenced: nothing more will arrive, but stay until closed
                    }
                }
                continue;
            }
            dispatch(buffer, packet.getOffset(), packet.getLength());
        }
    }

    /** What a browser sends every few seconds on the selected pair; the answer goes to ice4j's stack (ignored). */
    private void sendConsentCheck() {
        IceParameters server = serverIce;
        Agent current = agent;
        if (server == null || srtp == null) {
            return;
        }
        byte[] check = StunBinding.request(server.usernameFragment() + ":" + current.getLocalUfrag(),
                server.password());
        try {
            component.send(check, 0, check.length);
        } catch (IOException | RuntimeException e) {
            // silenced or closing
        }
    }

    private void dispatch(byte[] buffer, int offset, int length) {
        if (length < 1) {
            return;
        }
        int first = buffer[offset] & 0xFF;
        if (first >= 20 && first <= 63) {
            byte[] copy = new byte[length];
            System.arraycopy(buffer, offset, copy, 0, length);
            dtlsIn.offer(copy);
        } else if (first >= 128 && first <= 191 && length >= 2) {
            int second = buffer[offset + 1] & 0xFF;
            boolean rtcp = second >= 192 && second <= 223;
            PeerSrtp keys = srtp;
            byte[] clear = keys == null ? null : keys.unprotect(buffer, offset, length, rtcp);
            if (clear == null) {
                rejected.incrementAndGet();
            } else {
                (rtcp ? rtcpIn : rtpIn).offer(clear);
            }
        }
    }

    private void startHandshake(DtlsFingerprint serverFingerprint) {
        if (!dtlsStarted.compareAndSet(false, true)) {
            return;
        }
        handshake = new Thread(() -> {
            PeerDtlsClient client = new PeerDtlsClient(crypto, presented, serverFingerprint,
                    options.offeredProfiles(), (int) options.timeout().toMillis());
            try {
                DTLSTransport session = new DTLSClientProtocol().connect(client, new Channel());
                dtls = session;
                negotiated = client.keys().profile();
                srtp = new PeerSrtp(client.keys());
                connected.complete(null);
            } catch (IOException | RuntimeException e) {
                connected.completeExceptionally(new IllegalStateException("DTLS failed: " + e, e));
            }
        }, "test-peer-dtls-" + agent.getLocalUfrag());
        handshake.setDaemon(true);
        handshake.start();
    }

    /** Bouncy Castle's view of the selected pair: datagrams from the reader's queue, sends on the component. */
    private final class Channel implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed.get()) {
                throw new IOException("closed");
            }
            try {
                byte[] datagram = dtlsIn.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            component.send(buf, off, len);
        }

        @Override
        public void close() {
            // the agent owns the socket
        }
    }

    private RemoteCandidate toLoopbackRemote(IceCandidate candidate) {
        return toLoopbackRemote(candidate, component);
    }

    private static RemoteCandidate toLoopbackRemote(IceCandidate candidate, Component target) {
        if (!"udp".equalsIgnoreCase(candidate.protocol())) {
            return null;
        }
        InetAddress address;
        try {
            if (!candidate.address().matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return null;
            }
            address = InetAddress.getByName(candidate.address());
        } catch (UnknownHostException e) {
            return null;
        }
        if (!address.isLoopbackAddress()) {
            return null; // the network rule: tests only ever send to loopback
        }
        return null == candidate.type() ? null : new RemoteCandidate(
                new TransportAddress(address, candidate.port(), Transport.UDP), target,
                CandidateType.parse(candidate.type().toLowerCase(Locale.ROOT)), candidate.foundation(),
                candidate.priority(), null);
    }

    private static IceCandidate toSpi(LocalCandidate c) {
        return new IceCandidate(c.getFoundation(), c.getPriority(), "udp",
                c.getTransportAddress().getHostAddress(), c.getTransportAddress().getPort(), c.getType().toString());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
