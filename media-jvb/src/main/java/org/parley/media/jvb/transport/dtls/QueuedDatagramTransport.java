package org.parley.media.jvb.transport.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Feeds Bouncy Castle's DTLS from a bounded queue (filled by the demultiplexer on the receive thread) and sends
 * through a {@link Sender} (the ICE component). Full queue: the datagram is dropped, DTLS retransmits.
 */
public final class QueuedDatagramTransport implements DatagramTransport {

    /** Sends one datagram on the selected ICE pair. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buffer, int offset, int length) throws IOException;
    }

    /** Conservative for the path MTU: BC fragments handshake messages (certificates) to fit. */
    private static final int SEND_LIMIT = 1200;
    private static final int RECEIVE_LIMIT = 1500;

    private final BlockingQueue<byte[]> incoming;
    private final Sender sender;
    private volatile boolean closed;

    public QueuedDatagramTransport(int capacity, Sender sender) {
        this.incoming = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
    }

    /** Queues a copy of one DTLS datagram; false when the queue is full or closed. */
    public boolean offer(byte[] buffer, int offset, int length) {
        if (closed) {
            return false;
        }
        byte[] copy = new byte[length];
        System.arraycopy(buffer, offset, copy, 0, length);
        return incoming.offer(copy);
    }

    public boolean hasPending() {
        return !incoming.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        try {
            datagram = incoming.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for DTLS", e);
        }
        if (datagram == null) {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        incoming.clear();
    }
}
