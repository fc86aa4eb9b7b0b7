package org.parley.media.jvb.transport;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.parley.media.jvb.transport.dtls.DtlsSrtpServer;
import org.parley.media.jvb.transport.dtls.Fingerprints;
import org.parley.media.jvb.transport.dtls.QueuedDatagramTransport;
import org.parley.media.jvb.transport.ice.IceCandidates;
import org.parley.media.jvb.transport.srtp.PacketView;
import org.parley.media.jvb.transport.srtp.SrtpSession;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.TransportState;

/**
 * ICE (ice4j, controlled: the browser nominates) → DTLS server (Bouncy Castle) → SRTP (jitsi-srtp) for one peer.
 * Packets arrive on ice4j's receive thread, are demultiplexed and decrypted in place, and handed to the
 * {@link TransportHandler}; the DTLS handshake runs on the factory's bounded executor, never on that thread.
 */
public final class IceDtlsTransport implements SecureTransport {

    private static final System.Logger LOG = System.getLogger(IceDtlsTransport.class.getName());

    /** Largest RTP/RTCP packet we send; the scratch buffer leaves room for SRTCP index and auth tag. */
    private static final int MAX_PACKET = 1500;
    private static final int SRTP_OVERHEAD = 4 + 16;
    private static final int DTLS_QUEUE = 64;

    private static final ThreadLocal<PacketView> RECEIVE_VIEW = ThreadLocal.withInitial(PacketView::new);
    private static final ThreadLocal<SendScratch> SEND_SCRATCH = ThreadLocal.withInitial(SendScratch::new);

    private static final class SendScratch {
        final byte[] bytes = new byte[MAX_PACKET + SRTP_OVERHEAD];
        final PacketView view = new PacketView();
    }

    private final String id;
    private final TransportHandler handler;
    private final TransportContext context;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final List<IceCandidate> localCandidates;
    private final QueuedDatagramTransport dtlsChannel;

    private final Object stateLock = new Object();
    private final Queue<TransportState> pendingStates = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile TransportState state = TransportState.NEW;
    private final AtomicBoolean handshakeStarted = new AtomicBoolean();
    private final AtomicBoolean dtlsDrainScheduled = new AtomicBoolean();
    private volatile DtlsFingerprint remoteFingerprint;
    private volatile SrtpSession srtp;
    private volatile DTLSTransport dtls;
    private volatile ScheduledFuture<?> connectTimeout;

    private final LongAdder droppedIncoming = new LongAdder();
    private final LongAdder droppedOutgoing = new LongAdder();

    IceDtlsTransport(String id, TransportHandler handler, TransportContext context) {
        this.id = Objects.requireNonNull(id, "id");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.context = context;
        this.agent = new Agent();
        try {
            agent.setLoggingLevel(java.util.logging.Level.WARNING); // ice4j logs every pair change at INFO
            agent.setControlling(false);
            agent.setUseDynamicPorts(false);
            context.port().addTo(agent);
            stream = agent.createMediaStream("parley");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            if (component.getLocalCandidateCount() == 0) {
                throw new IOException("No local candidate on the shared port");
            }
        } catch (IOException | RuntimeException e) {
            agent.free();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot create ICE agent for " + id, io)
                    : (RuntimeException) e;
        }
        localCandidates = component.getLocalCandidates().stream().map(IceCandidates::toSpi).toList();
        dtlsChannel = new QueuedDatagramTransport(DTLS_QUEUE, component::send);
        component.setBufferCallback(this::onBuffer);
        agent.addStateChangeListener(this::onIceStateChange);
    }

    public String id() {
        return id;
    }

    @Override
    public IceParameters localIceParameters() {
        return new IceParameters(agent.getLocalUfrag(), agent.getLocalPassword());
    }

    @Override
    public List<IceCandidate> localCandidates() {
        return localCandidates;
    }

    @Override
    public DtlsFingerprint localFingerprint() {
        return context.certificate().fingerprint();
    }

    @Override
    public void connect(IceParameters remoteIce, DtlsFingerprint remoteFingerprint) {
        Objects.requireNonNull(remoteIce, "remoteIce");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        if (!Fingerprints.isSupported(remoteFingerprint.algorithm())) {
            throw new IllegalArgumentException("Unsupported DTLS fingerprint hash function '"
                    + remoteFingerprint.algorithm() + "' (use sha-256, sha-384 or sha-512)");
        }
        synchronized (stateLock) {
            if (state != TransportState.NEW) {
                throw new IllegalStateException("Transport " + id + " cannot connect in state " + state);
            }
            this.remoteFingerprint = remoteFingerprint;
            stream.setRemoteUfrag(remoteIce.usernameFragment());
            stream.setRemotePassword(remoteIce.password());
            enter(TransportState.CONNECTING);
            connectTimeout = context.timers().schedule(
                    () -> fail("ICE and DTLS did not complete within " + context.connectTimeout()),
                    context.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        deliverStates();
        // Browsers often send no usable candidate before their checks arrive: ice4j learns them peer-reflexively.
        agent.startConnectivityEstablishment();
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        IceCandidates.toIce4j(candidate, component).ifPresentOrElse(remote -> {
            synchronized (stateLock) {
                if (state == TransportState.CLOSED || state == TransportState.FAILED) {
                    return;
                }
                if (agent.getState() == IceProcessingState.RUNNING) {
                    component.addUpdateRemoteCandidates(remote);
                    component.updateRemoteCandidates();
                } else if (!agent.getState().isEstablished()) {
                    component.addRemoteCandidate(remote);
                }
            }
        }, () -> LOG.log(Level.DEBUG, "Transport {0}: ignoring unusable remote candidate {1}", id, candidate));
    }

    @Override
    public void sendRtp(byte[] buffer, int offset, int length) {
        send(buffer, offset, length, false);
    }

    @Override
    public void sendRtcp(byte[] buffer, int offset, int length) {
        send(buffer, offset, length, true);
    }

    private void send(byte[] buffer, int offset, int length, boolean rtcp) {
        SrtpSession session = srtp;
        if (session == null || state != TransportState.CONNECTED || length > MAX_PACKET) {
            droppedOutgoing.increment();
            return;
        }
        SendScratch scratch = SEND_SCRATCH.get();
        System.arraycopy(buffer, offset, scratch.bytes, 0, length);
        PacketView view = scratch.view.set(scratch.bytes, 0, length);
        boolean protectedOk = rtcp ? session.protectRtcp(view) : session.protectRtp(view);
        if (!protectedOk) {
            droppedOutgoing.increment();
            return;
        }
        try {
            component.send(view.getBuffer(), view.getOffset(), view.getLength());
        } catch (IOException | RuntimeException e) {
            droppedOutgoing.increment();
        }
    }

    @Override
    public TransportState state() {
        return state;
    }

    /** ice4j's view of the connection (it moves from COMPLETED to TERMINATED a few seconds after selection). */
    IceProcessingState iceState() {
        return agent.getState();
    }

    /** Incoming packets dropped: not decryptable, not demultiplexable, or arriving before keys. */
    public long droppedIncomingCount() {
        SrtpSession session = srtp;
        return droppedIncoming.sum() + (session == null ? 0 : session.rejectedCount());
    }

    public long droppedOutgoingCount() {
        return droppedOutgoing.sum();
    }

    @Override
    public void close() {
        if (!moveTo(Set.of(TransportState.NEW, TransportState.CONNECTING, TransportState.CONNECTED,
                TransportState.FAILED), TransportState.CLOSED)) {
            return;
        }
        release();
        DTLSTransport session = dtls;
        if (session != null) {
            try {
                session.close(); // close_notify, best effort
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already
            }
        }
        agent.free();
        SrtpSession keys = srtp;
        srtp = null;
        if (keys != null) {
            keys.close();
        }
        context.onClosed().accept(this);
    }

    // ---- receive path (ice4j thread) ----

    private void onBuffer(Buffer buffer) {
        try {
            byte[] bytes = buffer.getBuffer();
            int offset = buffer.getOffset();
            int length = buffer.getLength();
            switch (PacketType.classify(bytes, offset, length)) {
                case DTLS -> onDtls(bytes, offset, length);
                case RTP -> onSrtp(bytes, offset, length, false);
                case RTCP -> onSrtp(bytes, offset, length, true);
                default -> droppedIncoming.increment();
            }
        } catch (RuntimeException e) {
            droppedIncoming.increment();
            LOG.log(Level.DEBUG, "Transport " + id + ": packet handling failed", e);
        } finally {
            BufferPool.returnBuffer.invoke(buffer);
        }
    }

    private void onDtls(byte[] bytes, int offset, int length) {
        if (!dtlsChannel.offer(bytes, offset, length)) {
            droppedIncoming.increment();
            return;
        }
        if (dtls != null) {
            scheduleDtlsDrain();
        }
    }

    private void onSrtp(byte[] bytes, int offset, int length, boolean rtcp) {
        SrtpSession session = srtp;
        if (session == null || state != TransportState.CONNECTED) {
            droppedIncoming.increment();
            return;
        }
        PacketView view = RECEIVE_VIEW.get().set(bytes, offset, length);
        if (!(rtcp ? session.unprotectRtcp(view) : session.unprotectRtp(view))) {
            return; // counted by the session
        }
        if (rtcp) {
            handler.onRtcp(view.getBuffer(), view.getOffset(), view.getLength());
        } else {
            handler.onRtp(view.getBuffer(), view.getOffset(), view.getLength());
        }
    }

    // ---- ICE and DTLS ----

    private void onIceStateChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
            return;
        }
        IceProcessingState previous = (IceProcessingState) event.getOldValue();
        IceProcessingState current = (IceProcessingState) event.getNewValue();
        if (current == IceProcessingState.COMPLETED) {
            startHandshake();
        } else if (current == IceProcessingState.FAILED
                || (current == IceProcessingState.TERMINATED && previous == IceProcessingState.RUNNING)) {
            fail("ICE failed");
        }
    }

    private void startHandshake() {
        if (!handshakeStarted.compareAndSet(false, true) || state != TransportState.CONNECTING) {
            return;
        }
        try {
            context.handshakeExecutor().execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            fail("Too many DTLS handshakes in progress");
        }
    }

    private void runHandshake() {
        DtlsSrtpServer server = new DtlsSrtpServer(context.crypto(), context.certificate(), remoteFingerprint,
                (int) context.handshakeTimeout().toMillis());
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false); // ICE already proved the address; skip the cookie round trip
        DTLSTransport established;
        try {
            established = protocol.accept(server, dtlsChannel);
        } catch (IOException | RuntimeException e) {
            fail(server.fingerprintMismatch() ? "DTLS certificate does not match the signalled fingerprint"
                    : "DTLS handshake failed: " + e.getMessage());
            return;
        }
        SrtpSession session = SrtpSession.forServer(server.keys());
        synchronized (stateLock) {
            if (state != TransportState.CONNECTING) {
                session.close();
                return;
            }
            srtp = session;
            dtls = established;
            enter(TransportState.CONNECTED);
        }
        cancelTimeout();
        deliverStates();
        if (dtlsChannel.hasPending()) {
            scheduleDtlsDrain();
        }
    }

    /**
     * After the handshake, DTLS records still arrive (a retransmitted final flight when ours was lost, alerts):
     * let Bouncy Castle process them briefly on the handshake executor.
     */
    private void scheduleDtlsDrain() {
        if (!dtlsDrainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            context.handshakeExecutor().execute(() -> {
                dtlsDrainScheduled.set(false);
                DTLSTransport session = dtls;
                byte[] scratch = new byte[1500];
                try {
                    while (session != null && dtlsChannel.hasPending() && state == TransportState.CONNECTED) {
                        session.receive(scratch, 0, scratch.length, 1);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "Transport {0}: DTLS record after handshake: {1}", id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            dtlsDrainScheduled.set(false);
        }
    }

    private void fail(String reason) {
        if (moveTo(Set.of(TransportState.NEW, TransportState.CONNECTING), TransportState.FAILED)) {
            LOG.log(Level.INFO, "Transport {0} failed: {1}", id, reason);
            release();
        }
    }

    /** Stops the handshake and timers; the agent stays until close() so late checks are still answered. */
    private void release() {
        cancelTimeout();
        dtlsChannel.close();
    }

    private void cancelTimeout() {
        ScheduledFuture<?> timeout = connectTimeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /**
     * Changes state when the current one is in {@code from}. Transitions are queued under the state lock and
     * delivered outside it, one thread at a time, so the handler hears each exactly once, in order, and may call
     * back into this transport (or take its own locks) without deadlocking against a concurrent transition.
     */
    private boolean moveTo(Set<TransportState> from, TransportState to) {
        synchronized (stateLock) {
            if (!from.contains(state)) {
                return false;
            }
            enter(to);
        }
        deliverStates();
        return true;
    }

    /** Under {@link #stateLock}: records the new state and queues its notification. */
    private void enter(TransportState to) {
        state = to;
        pendingStates.add(to);
    }

    private void deliverStates() {
        while (!pendingStates.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                TransportState next;
                while ((next = pendingStates.poll()) != null) {
                    try {
                        handler.onStateChange(next);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Transport " + id + ": state handler failed", e);
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}
