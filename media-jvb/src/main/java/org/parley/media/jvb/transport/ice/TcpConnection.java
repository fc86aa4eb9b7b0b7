package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One ICE-TCP connection (RFC 6544), framed as RFC 4571: a 16-bit length before every STUN, DTLS, RTP or RTCP packet.
 *
 * <p>Until a binding request on it verifies it is <em>pending</em>: it holds its socket and two small buffers, and a
 * frame that is not a binding request closes it. Once a session admits it, its buffers grow to carry media. The
 * port's one reading thread reads it; any thread may send. A packet that does not fit the bounded send buffer is
 * dropped whole (a real-time packet late is a packet lost), so the framing is never cut.
 */
final class TcpConnection implements IceLink {

    /** The largest frame taken: media packets are MTU-sized; what is larger is not WebRTC. */
    static final int MAX_FRAME = 4096;
    /** Before verification only binding requests come: a browser's is about 100-200 bytes. */
    static final int MAX_PENDING_FRAME = 1022;
    /** About 50 full packets: more would only add delay to real-time media (the kernel buffers more behind it). */
    private static final int VERIFIED_SEND_BUFFER = 64 * 1024;
    private static final int PENDING_SEND_BUFFER = 256;

    /** Thrown for a full send buffer: a congested link drops many packets, and this costs no allocation. */
    private static final IOException SEND_BUFFER_FULL = new IOException("ICE-TCP send buffer full") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private final TcpMediaPort port;
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final long acceptedAt;
    private SelectionKey key;
    /** The reading thread's: bytes read and not yet handed on. */
    private ByteBuffer in = ByteBuffer.allocate(2 + MAX_PENDING_FRAME);
    private volatile StunSession session;
    /** Guarded by itself: framed bytes not yet written. */
    private ByteBuffer out = ByteBuffer.allocate(PENDING_SEND_BUFFER);
    private boolean waitingToWrite;
    private volatile boolean closed;

    TcpConnection(TcpMediaPort port, SocketChannel channel, InetSocketAddress remote, long acceptedAt) {
        this.port = port;
        this.channel = channel;
        this.remote = remote;
        this.acceptedAt = acceptedAt;
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    InetSocketAddress remote() {
        return remote;
    }

    long acceptedAt() {
        return acceptedAt;
    }

    StunSession session() {
        return session;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * The reading thread: reads what has arrived and hands each complete frame to the port.
     *
     * @return false when the connection is to be closed: the peer closed it, a frame was malformed or oversized, or
     *         the port refused a frame
     */
    boolean onReadable(StunScratch scratch) throws IOException {
        if (channel.read(in) < 0) {
            return false;
        }
        in.flip();
        int limit = session == null ? MAX_PENDING_FRAME : MAX_FRAME;
        while (in.remaining() >= 2) {
            int length = in.getShort(in.position()) & 0xFFFF;
            if (length == 0 || length > limit) {
                port.countMalformed();
                return false;
            }
            if (in.remaining() < 2 + length) {
                break;
            }
            int at = in.position() + 2;
            in.position(at + length);
            if (!port.dispatch(this, in.array(), at, length, scratch) || closed) {
                return false;
            }
        }
        in.compact();
        if (session != null && in.capacity() < 2 * (2 + MAX_FRAME)) {
            in = ByteBuffer.allocate(2 * (2 + MAX_FRAME)).put(in.flip());
        }
        return true;
    }

    @Override
    public void send(ByteBuffer data, InetSocketAddress to) throws IOException {
        int length = data.remaining();
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (out.remaining() < 2 + length) {
                throw SEND_BUFFER_FULL;
            }
            out.putShort((short) length).put(data);
            flush();
        }
    }

    /** The reading thread: the socket takes more, write what waits. */
    void onWritable() throws IOException {
        synchronized (this) {
            flush();
        }
    }

    /** Under the lock: writes what the socket takes now; asks the selector to say when it takes the rest. */
    private void flush() throws IOException {
        out.flip();
        try {
            channel.write(out);
        } finally {
            out.compact();
        }
        boolean more = out.position() > 0;
        if (more != waitingToWrite && key != null && key.isValid()) {
            waitingToWrite = more;
            if (more) {
                key.interestOpsOr(SelectionKey.OP_WRITE);
                port.wakeUp();
            } else {
                key.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        }
    }

    /** Called on the reading thread, by a session whose binding request on this connection verified. */
    @Override
    public void admit(InetSocketAddress from, StunSession admitted) {
        boolean first = session == null;
        session = admitted;
        if (first) {
            synchronized (this) {
                out = ByteBuffer.allocateDirect(VERIFIED_SEND_BUFFER).put(out.flip());
            }
            port.verified(this);
        }
    }

    /** The session let go of this connection (it ended, or keeps newer ones): nothing else will use it. */
    @Override
    public void forget(InetSocketAddress from, StunSession forgotten) {
        if (session == forgotten) {
            close();
        }
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        port.closed(this);
    }
}
