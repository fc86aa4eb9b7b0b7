package org.parley.media.jvb.transport;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.parley.media.jvb.transport.dtls.DtlsSrtpServer;
import org.parley.media.jvb.transport.dtls.QueuedDatagramTransport;
import org.parley.media.jvb.transport.srtp.SrtpKeys;
import org.parley.media.spi.DtlsFingerprint;

/**
 * The DTLS server side of one transport: records queued by the receive threads, the handshake on the factory's
 * bounded executor (never on a receive thread), and the records that still come after it (a retransmitted final
 * flight, alerts), drained there too.
 */
final class DtlsHandshake {

    private static final System.Logger LOG = System.getLogger(DtlsHandshake.class.getName());
    private static final int QUEUE = 64;

    /** How the handshake ended. Called on the handshake executor. */
    interface Outcome {
        /** The keys are agreed; false when the transport no longer wants them (closed meanwhile). */
        boolean established(SrtpKeys keys);

        /** The handshake failed, or could not start: DTLS cannot be retried on this transport. */
        void failed(String reason);
    }

    private final String transportId;
    private final TransportContext context;
    private final QueuedDatagramTransport.Sender sender;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile QueuedDatagramTransport channel;
    private volatile DTLSTransport established;
    private volatile boolean closed;

    DtlsHandshake(String transportId, TransportContext context, QueuedDatagramTransport.Sender sender) {
        this.transportId = transportId;
        this.context = context;
        this.sender = sender;
        this.channel = new QueuedDatagramTransport(QUEUE, sender);
    }

    /** Receive thread: a DTLS record; false when the queue is full (dropped). */
    boolean offer(byte[] bytes, int offset, int length) {
        if (!channel.offer(bytes, offset, length)) {
            return false;
        }
        if (established != null) {
            drainLater();
        }
        return true;
    }

    /** Starts the handshake (once) on the handshake executor. */
    void start(DtlsFingerprint remoteFingerprint, Outcome outcome) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            context.handshakeExecutor().execute(() -> run(remoteFingerprint, outcome));
        } catch (RejectedExecutionException e) {
            outcome.failed("Too many DTLS handshakes in progress");
        }
    }

    boolean isStarted() {
        return started.get();
    }

    /** ICE failed before the handshake ran: it starts over, on whatever pair a restart finds. */
    void startOver() {
        channel = new QueuedDatagramTransport(QUEUE, sender);
        started.set(false);
    }

    /** No handshake will run or finish any more: records are no longer queued. */
    void stop() {
        channel.close();
    }

    /** Sends a close_notify when the handshake completed (best effort) and stops. */
    void close() {
        closed = true;
        DTLSTransport session = established;
        if (session != null) {
            try {
                session.close();
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already
            }
        }
        stop();
    }

    private void run(DtlsFingerprint remoteFingerprint, Outcome outcome) {
        QueuedDatagramTransport records = channel;
        DtlsSrtpServer server = new DtlsSrtpServer(context.crypto(), context.certificate(), remoteFingerprint,
                (int) context.timeouts().handshake().toMillis());
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false); // ICE already proved the address; skip the cookie round trip
        DTLSTransport session;
        try {
            session = protocol.accept(server, records);
        } catch (IOException | RuntimeException e) {
            outcome.failed(server.fingerprintMismatch() ? "DTLS certificate does not match the signalled fingerprint"
                    : "DTLS handshake failed: " + e.getMessage());
            return;
        }
        if (closed || !outcome.established(server.keys())) {
            return;
        }
        established = session;
        if (records.hasPending()) {
            drainLater();
        }
    }

    private void drainLater() {
        if (!drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            context.handshakeExecutor().execute(() -> {
                drainScheduled.set(false);
                DTLSTransport session = established;
                QueuedDatagramTransport records = channel;
                byte[] scratch = new byte[1500];
                try {
                    while (session != null && records.hasPending() && !closed) {
                        session.receive(scratch, 0, scratch.length, 1);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Transport {0}: DTLS record after handshake: {1}", transportId,
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false);
        }
    }
}
