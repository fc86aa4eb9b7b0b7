package org.parley.media.jvb.transport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.bouncycastle.tls.DatagramTransport;

/** A browser's side of an ICE-TCP connection (RFC 4571 framing), as Bouncy Castle's DTLS client wants it. */
final class FramedTcp implements DatagramTransport, AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    FramedTcp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends one frame. */
    synchronized void write(byte[] frame) throws IOException {
        out.writeShort(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Writes raw bytes (for malformed framing). */
    synchronized void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or null when none began within {@code waitMillis}; throws at the end of the stream. */
    byte[] read(int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        int length;
        try {
            length = in.readUnsignedShort();
        } catch (SocketTimeoutException e) {
            return null;
        }
        socket.setSoTimeout(0);
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Whether the server closed the connection within {@code waitMillis} (reads and discards until then). */
    boolean closedByServer(int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

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
        byte[] frame = read(Math.max(1, waitMillis));
        if (frame == null) {
            return -1;
        }
        System.arraycopy(frame, 0, buf, off, Math.min(len, frame.length));
        return Math.min(len, frame.length);
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        byte[] frame = new byte[len];
        System.arraycopy(buf, off, frame, 0, len);
        write(frame);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
