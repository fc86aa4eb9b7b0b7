package org.parley.web.signalling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.web.media.SignalSink;

/**
 * Sends one socket's messages in order, one at a time (a WebSocket session allows no concurrent sends), without
 * making the caller wait. A client that falls {@value #LIMIT} messages behind is disconnected rather than buffered.
 */
final class OutboundQueue implements SignalSink {

    private static final Logger LOG = Logger.getLogger(OutboundQueue.class.getName());
    static final int LIMIT = 256;
    /** Marks a ping in the queue (compared by identity), so pings too are never sent concurrently with text. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String PING = new String("ping");
    /** Marks where the socket is to be closed, once everything queued before it has been sent. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String CLOSE = new String("close");
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private final Session session;
    private final MessageCodec codec;
    private final Executor closer;
    private final SocketOverflows overflows;
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean dead = new AtomicBoolean();
    private volatile CloseReason closing;

    /** @param closer runs the close of an overflowing socket, so a broadcast never runs close handlers inline */
    OutboundQueue(Session session, MessageCodec codec, Executor closer, SocketOverflows overflows) {
        this.session = session;
        this.codec = codec;
        this.closer = closer;
        this.overflows = overflows;
    }

    @Override
    public void send(Message message) {
        enqueue(codec.encode(message));
    }

    /** Queues a WebSocket ping; the browser answers with a pong on its own. */
    void ping() {
        enqueue(PING);
    }

    /** Closes the socket with {@code reason} after the messages queued so far, so the client reads them first. */
    void closeAfterSent(CloseReason reason) {
        closing = reason;
        enqueue(CLOSE);
    }

    private void enqueue(String text) {
        if (dead.get()) {
            return;
        }
        if (size.incrementAndGet() > LIMIT) {
            size.decrementAndGet();
            overflow();
            return;
        }
        pending.add(text);
        drain();
    }

    private void drain() {
        // Whoever flips 'sending' sends the next message; the completion handler hands the turn on.
        while (!dead.get() && !pending.isEmpty() && sending.compareAndSet(false, true)) {
            String text = pending.poll();
            if (text == null) {
                sending.set(false);
                continue;
            }
            size.decrementAndGet();
            try {
                if (text == CLOSE) {
                    dead.set(true);
                    pending.clear();
                    closer.execute(() -> close(closing));
                    return;
                }
                if (text == PING) {
                    session.getAsyncRemote().sendPing(NO_PAYLOAD.duplicate());
                    sending.set(false);
                    continue;
                }
                session.getAsyncRemote().sendText(text, this::sent);
                return;
            } catch (IOException | RuntimeException e) {
                // The session closed under us: nothing further can be delivered.
                discard(e);
                return;
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            discard(result.getException());
            return;
        }
        sending.set(false);
        drain();
    }

    private void discard(Throwable cause) {
        dead.set(true);
        pending.clear();
        LOG.log(Level.FINE, "Stopped sending to socket " + session.getId(), cause);
    }

    private void overflow() {
        if (dead.getAndSet(true)) {
            return;
        }
        pending.clear();
        overflows.overflowed();
        LOG.warning(() -> "Socket " + session.getId() + " fell " + LIMIT + " messages behind; disconnecting it.");
        closer.execute(() -> close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "Too far behind")));
    }

    private void close(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing socket " + session.getId() + " failed", e);
        }
    }
}
