package org.parley.media.jvb.transport;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.parley.media.jvb.transport.dtls.Fingerprints;
import org.parley.media.jvb.rtp.RtpRewrite;
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.jvb.transport.srtp.PacketView;
import org.parley.media.jvb.transport.srtp.SrtpKeys;
import org.parley.media.jvb.transport.srtp.SrtpSession;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.TransportState;

/**
 * ICE-lite (the browser checks and nominates) → DTLS server (Bouncy Castle) → SRTP (jitsi-srtp) for one peer.
 * Packets arrive on the media port's reading threads, are demultiplexed and decrypted in place, and handed to the
 * {@link TransportHandler}; the DTLS handshake runs on the factory's bounded executor, never on those threads.
 */
public final class IceDtlsTransport implements SecureTransport {

    private static final System.Logger LOG = System.getLogger(IceDtlsTransport.class.getName());

    private static final ThreadLocal<PacketView> RECEIVE_VIEW = ThreadLocal.withInitial(PacketView::new);

    private final String id;
    private final TransportHandler handler;
    private final TransportContext context;

    private final Object stateLock = new Object();
    private final TransportStates states;
    /** The ICE session media is sent on; replaced when a restart's session is nominated. */
    private volatile IceSession active;
    /** Guarded by stateLock: the session of an ICE restart under way, or null. */
    private IceSession restarting;
    private final DtlsHandshake dtls;
    /** DTLS failed (e.g. a certificate not matching the fingerprint): no ICE restart can recover that. */
    private volatile boolean dtlsFailed;
    private volatile DtlsFingerprint remoteFingerprint;
    /** Streams are added from the start; keys arrive with the DTLS handshake. */
    private final SrtpSession srtp;
    private final StreamDrops streamDrops;
    private volatile ScheduledFuture<?> connectTimeout;
    private final ConsentMonitor consent;

    private final LongAdder droppedIncoming = new LongAdder();
    private final LongAdder droppedOutgoing = new LongAdder();

    IceDtlsTransport(String id, TransportHandler handler, TransportContext context) {
        this.id = Objects.requireNonNull(id, "id");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.context = context;
        this.states = new TransportStates(id, stateLock, handler);
        this.consent = new ConsentMonitor(context.timeouts().consent());
        this.streamDrops = new StreamDrops("Transport " + id);
        this.srtp = SrtpSession.forServer(streamDrops, handler);
        this.dtls = new DtlsHandshake(id, context, (b, o, l) -> active.send(ByteBuffer.wrap(b, o, l)));
        this.active = newSession();
    }

    public String id() {
        return id;
    }

    /** The newest credentials: those of a restart under way, if any (what the next offer must carry). */
    @Override
    public IceParameters localIceParameters() {
        return newest().localParameters();
    }

    /** The newest session's candidates (a restart's, if one is under way). */
    @Override
    public List<IceCandidate> localCandidates() {
        return newest().localCandidates();
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
        IceSession session;
        synchronized (stateLock) {
            if (states.get() != TransportState.NEW) {
                throw new IllegalStateException("Transport " + id + " cannot connect in state " + states.get());
            }
            this.remoteFingerprint = remoteFingerprint;
            session = active;
            states.enter(TransportState.CONNECTING);
            scheduleConnectTimeout(() -> fail("ICE and DTLS did not complete within " + context.connectTimeout(),
                    dtls.isStarted()));
        }
        states.deliver();
        session.start(remoteIce);
    }

    /**
     * Starts an ICE restart: a new agent with new credentials on the same port(s). Media keeps flowing on the
     * current pair; DTLS and SRTP are kept. Calling it again before the restart completed replaces that attempt.
     *
     * @throws IllegalStateException before {@code connect}, after {@code close}, or after DTLS failed
     */
    @Override
    public IceParameters restartIce() {
        requireRestartable();
        IceSession fresh = newSession();
        IceSession replaced;
        synchronized (stateLock) {
            try {
                requireRestartable();
            } catch (IllegalStateException e) {
                fresh.free();
                throw e;
            }
            replaced = restarting;
            restarting = fresh;
        }
        if (replaced != null) {
            replaced.free();
        }
        return fresh.localParameters();
    }

    /**
     * The peer's credentials for the restart begun by {@link #restartIce}: starts the new checks. A FAILED
     * transport moves to CONNECTING, and to CONNECTED once the new session selects a pair.
     *
     * @throws IllegalStateException when no restart is under way or its remote credentials were already set
     */
    @Override
    public void setRemoteIceParameters(IceParameters remote) {
        Objects.requireNonNull(remote, "remote");
        IceSession session;
        synchronized (stateLock) {
            requireRestartable();
            session = restarting;
            if (session == null || session.isStarted()) {
                throw new IllegalStateException("Transport " + id + ": call restartIce() before setting the peer's "
                        + "new ICE credentials (once per restart)");
            }
            if (states.get() == TransportState.FAILED) {
                if (!srtp.isStarted()) {
                    // ICE failed before DTLS ever ran: the handshake starts over on the new session.
                    dtls.startOver();
                }
                states.enter(TransportState.CONNECTING);
            }
            scheduleConnectTimeout(() -> restartFailed(session, "ICE restart did not complete within "
                    + context.connectTimeout()));
        }
        states.deliver();
        session.start(remote);
    }

    /** An ICE-lite agent sends no checks: the browser's candidates are not needed, its checks say where it is. */
    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        LOG.log(Level.TRACE, "Transport {0}: remote candidate {1} (ICE-lite: not checked)", id, candidate);
    }

    @Override
    public void sendRtp(byte[] buffer, int offset, int length, RtpRewrite rewrite) {
        send(buffer, offset, length, false, rewrite);
    }

    @Override
    public void sendRtcp(byte[] buffer, int offset, int length) {
        send(buffer, offset, length, true, null);
    }

    @Override
    public void addIncomingStreams(int... ssrcs) {
        srtp.addIncoming(ssrcs);
    }

    @Override
    public void removeIncomingStreams(int... ssrcs) {
        srtp.removeIncoming(ssrcs);
    }

    @Override
    public void addOutgoingStreams(int... ssrcs) {
        srtp.addOutgoing(ssrcs);
    }

    @Override
    public void removeOutgoingStreams(int... ssrcs) {
        srtp.removeOutgoing(ssrcs);
    }

    private void send(byte[] buffer, int offset, int length, boolean rtcp, RtpRewrite rewrite) {
        if (states.get() != TransportState.CONNECTED || !SendPath.send(srtp, active, buffer, offset, length, rtcp, rewrite)) {
            droppedOutgoing.increment();
        } else {
            context.traffic().sent(length);
        }
    }

    @Override
    public TransportState state() {
        return states.get();
    }

    /** Whether an ICE restart is under way (its session has not selected a pair yet): for tests. */
    boolean restartInProgress() {
        synchronized (stateLock) {
            return restarting != null;
        }
    }

    /** Addresses whose binding requests verified for the current ICE session: for tests. */
    int verifiedAddressCount() {
        return active.verifiedAddressCount();
    }

    /** Whether the browser nominated a pair in the current ICE session: for tests. */
    boolean hasSelectedPair() {
        return active.hasSelectedPair();
    }

    /** Binding requests with the current session's ufrag that were refused: for tests. */
    long refusedChecks() {
        return active.refusedCount();
    }

    /** Incoming packets dropped: not decryptable, not demultiplexable, or arriving before keys. */
    public long droppedIncomingCount() {
        return droppedIncoming.sum() + srtp.rejectedCount();
    }

    @Override
    public StreamStats streamStats() {
        return new StreamStats(srtp.incomingStreamCount(), srtp.outgoingStreamCount(), srtp.peakStreamCount(),
                srtp.contextCount(), streamDrops.total());
    }

    public long droppedOutgoingCount() {
        return droppedOutgoing.sum();
    }

    @Override
    public void close() {
        if (!states.moveTo(Set.of(TransportState.NEW, TransportState.CONNECTING, TransportState.CONNECTED,
                TransportState.FAILED), TransportState.CLOSED)) {
            return;
        }
        cancel(connectTimeout);
        consent.stop();
        dtls.close();
        IceSession restart;
        synchronized (stateLock) {
            restart = restarting;
            restarting = null;
        }
        if (restart != null) {
            restart.free();
        }
        active.free();
        srtp.close();
        context.onClosed().accept(this);
    }

    // ---- sessions ----

    private IceSession newSession() {
        return IceSession.create(id, context.ports(), this::onPacket, this::onSelected, consent::heard);
    }

    private IceSession newest() {
        synchronized (stateLock) {
            return restarting != null ? restarting : active;
        }
    }

    @Override
    public boolean canRestartIce() {
        return !dtlsFailed;
    }

    /** Under or outside the lock: a restart needs a transport that connected once and whose DTLS did not fail. */
    private void requireRestartable() {
        TransportState now = states.get();
        if (now == TransportState.NEW || now == TransportState.CLOSED) {
            throw new IllegalStateException("Transport " + id + " cannot restart ICE in state " + now);
        }
        if (dtlsFailed) {
            throw new IllegalStateException("Transport " + id + " failed in DTLS; an ICE restart cannot recover it");
        }
    }

    // ---- receive path (the media port's reading threads) ----

    private void onPacket(byte[] bytes, int offset, int length) {
        try {
            switch (PacketType.classify(bytes, offset, length)) {
                case DTLS -> onDtls(bytes, offset, length);
                case RTP -> onSrtp(bytes, offset, length, false);
                case RTCP -> onSrtp(bytes, offset, length, true);
                default -> droppedIncoming.increment();
            }
        } catch (RuntimeException e) {
            droppedIncoming.increment();
            LOG.log(Level.DEBUG, "Transport " + id + ": packet handling failed", e);
        }
    }

    private void onDtls(byte[] bytes, int offset, int length) {
        if (!dtls.offer(bytes, offset, length)) {
            droppedIncoming.increment();
        }
    }

    private void onSrtp(byte[] bytes, int offset, int length, boolean rtcp) {
        // CONNECTED means the handshake gave SRTP its keys.
        if (states.get() != TransportState.CONNECTED) {
            droppedIncoming.increment();
            return;
        }
        PacketView view = RECEIVE_VIEW.get().set(bytes, offset, length);
        if (!(rtcp ? srtp.unprotectRtcp(view) : srtp.unprotectRtp(view))) {
            return; // counted by the session
        }
        consent.heard();
        context.traffic().received(view.getLength());
        if (rtcp) {
            handler.onRtcp(view.getBuffer(), view.getOffset(), view.getLength());
        } else {
            handler.onRtp(view.getBuffer(), view.getOffset(), view.getLength());
        }
    }

    // ---- ICE and DTLS ----

    /** The browser nominated a pair of {@code session} (an ICE-lite agent never fails ICE: only time runs out). */
    private void onSelected(IceSession session) {
        boolean isRestart;
        synchronized (stateLock) {
            isRestart = session == restarting;
            if (!isRestart && session != active) {
                return; // a replaced session winding down
            }
        }
        if (isRestart) {
            promote(session);
        } else {
            startHandshake();
        }
    }

    /** The restart's session selected a pair: send on it from now on and free the old one (its credentials die). */
    private void promote(IceSession session) {
        IceSession old;
        boolean needsHandshake;
        synchronized (stateLock) {
            TransportState state = states.get();
            if (restarting != session || state == TransportState.CLOSED) {
                return;
            }
            old = active;
            active = session;
            restarting = null;
            consent.heard();
            needsHandshake = !srtp.isStarted();
            if (!needsHandshake && (state == TransportState.CONNECTING || state == TransportState.FAILED)) {
                // Back from FAILED (consent expired, possibly while this restart ran): same DTLS, same SRTP.
                if (state == TransportState.FAILED) {
                    states.enter(TransportState.CONNECTING);
                }
                states.enter(TransportState.CONNECTED);
            }
            if (!needsHandshake) {
                cancel(connectTimeout);
            }
        }
        states.deliver();
        old.free();
        LOG.log(Level.DEBUG, "Transport {0}: ICE restart completed", id);
        if (needsHandshake) {
            startHandshake();
        }
    }

    private void restartFailed(IceSession session, String reason) {
        synchronized (stateLock) {
            if (restarting != session) {
                return;
            }
            restarting = null;
        }
        session.free();
        // A transport that was connected keeps its current pair; one that was failed fails again.
        fail(reason, false);
    }

    private void startHandshake() {
        if (states.get() != TransportState.CONNECTING) {
            return;
        }
        dtls.start(remoteFingerprint, new DtlsHandshake.Outcome() {
            @Override
            public boolean established(SrtpKeys keys) {
                return onDtlsEstablished(keys);
            }

            @Override
            public void failed(String reason) {
                fail(reason, true);
            }
        });
    }

    /** The handshake executor: SRTP gets its keys and the transport is CONNECTED. */
    private boolean onDtlsEstablished(SrtpKeys keys) {
        synchronized (stateLock) {
            if (states.get() != TransportState.CONNECTING) {
                return false;
            }
            srtp.start(keys);
            consent.heard();
            states.enter(TransportState.CONNECTED);
            cancel(connectTimeout);
        }
        states.deliver();
        startConsentCheck();
        return true;
    }

    /** A connected peer that proved nothing for the consent timeout is gone: FAILED (an ICE restart may recover). */
    private void startConsentCheck() {
        consent.start(context.timers(), () -> states.get() == TransportState.CONNECTED, () -> {
            if (states.moveTo(Set.of(TransportState.CONNECTED), TransportState.FAILED)) {
                context.traffic().iceFailures.increment();
                LOG.log(Level.INFO, "Transport {0} failed: consent expired (nothing heard for {1})", id,
                        consent.timeout());
            }
        });
        if (states.get() == TransportState.CLOSED) {
            consent.stop();
        }
    }

    /** Fails a transport still connecting; {@code dtlsFault}: permanently (no ICE restart can recover it). */
    private void fail(String reason, boolean dtlsFault) {
        if (dtlsFault) {
            dtlsFailed = true;
        }
        if (states.moveTo(Set.of(TransportState.NEW, TransportState.CONNECTING), TransportState.FAILED)) {
            (dtlsFault ? context.traffic().dtlsFailures : context.traffic().iceFailures).increment();
            LOG.log(Level.INFO, "Transport {0} failed: {1}", id, reason);
            cancel(connectTimeout);
            if (!srtp.isStarted()) {
                dtls.stop(); // the ICE session stays until close(), so late checks are still answered
            }
        }
    }

    /** Under stateLock (or before any concurrency): one connect/restart deadline at a time. */
    private void scheduleConnectTimeout(Runnable onTimeout) {
        cancel(connectTimeout);
        connectTimeout = context.timers().schedule(onTimeout, context.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
