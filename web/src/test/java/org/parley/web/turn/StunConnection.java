package org.parley.web.turn;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/** One client's path to a STUN/TURN server: a request out, the response with the same transaction id back. */
interface StunConnection extends AutoCloseable {

    /** How long to wait for a response before giving up (a loopback server answers in milliseconds). */
    Duration PATIENCE = Duration.ofSeconds(5);

    StunMessage exchange(byte[] request) throws IOException;

    @Override
    void close() throws IOException;

    static StunConnection open(String transport, InetSocketAddress server) throws IOException {
        return switch (transport) {
            case "udp" -> new Udp(server);
            case "tcp" -> new Tcp(server);
            default -> throw new IllegalArgumentException("No STUN transport " + transport);
        };
    }

    private static byte[] transactionIdOf(byte[] message) {
        return Arrays.copyOfRange(message, 8, 20);
    }

    /** Over UDP, from a socket of its own; resent every 250 ms (RFC 5389 retransmits) until answered. */
    final class Udp implements StunConnection {
        private final DatagramSocket socket;

        Udp(InetSocketAddress server) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(server);
            socket.setSoTimeout(250);
        }

        @Override
        public StunMessage exchange(byte[] request) throws IOException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            byte[] buffer = new byte[1500];
            while (System.nanoTime() < deadline) {
                socket.send(new DatagramPacket(request, request.length));
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    StunMessage response = StunMessage.decode(Arrays.copyOf(buffer, packet.getLength()));
                    if (Arrays.equals(response.transactionId, transactionIdOf(request))) {
                        return response;
                    }
                } catch (SocketTimeoutException e) {
                    // resend
                }
            }
            throw new SocketTimeoutException("No STUN response over UDP within " + PATIENCE);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Over TCP (RFC 5766 §2.1): STUN messages back to back on the stream, each framed by its own length field. */
    final class Tcp implements StunConnection {
        private final Socket socket;
        private final DataInputStream in;

        Tcp(InetSocketAddress server) throws IOException {
            socket = new Socket();
            socket.connect(server, (int) PATIENCE.toMillis());
            socket.setSoTimeout((int) PATIENCE.toMillis());
            in = new DataInputStream(socket.getInputStream());
        }

        @Override
        public StunMessage exchange(byte[] request) throws IOException {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            for (int message = 0; message < 8; message++) {
                byte[] header = new byte[StunMessage.HEADER_LENGTH];
                in.readFully(header);
                byte[] whole = Arrays.copyOf(header, header.length + (ByteBuffer.wrap(header).getShort(2) & 0xffff));
                in.readFully(whole, header.length, whole.length - header.length);
                StunMessage response = StunMessage.decode(whole);
                if (Arrays.equals(response.transactionId, transactionIdOf(request))) {
                    return response;
                }
            }
            throw new IOException("No STUN response with the request's transaction id over TCP");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
