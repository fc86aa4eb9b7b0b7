package org.parley.media.jvb.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.parley.media.spi.tck.peer.StunBinding;

/** Sends one hand-built connectivity check from a plain socket at a loopback port and waits for its answer. */
final class StunProbe {

    private StunProbe() {}

    /** Sends a request signed with {@code password}; returns the answer, or null if none came within the timeout. */
    static byte[] bindingRequest(DatagramSocket socket, int port, String username, String password) {
        return send(socket, port, StunBinding.request(username, password));
    }

    /** Sends {@code request} (possibly tampered with) and returns whatever answers its transaction id, or null. */
    static byte[] send(DatagramSocket socket, int port, byte[] request) {
        byte[] transactionId = StunBinding.transactionId(request);
        try {
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            while (true) { // ends with the socket's timeout: nothing else is sent to this socket
                socket.receive(answer);
                if (StunBinding.answers(buffer, answer.getLength(), transactionId)) {
                    return Arrays.copyOf(buffer, answer.getLength());
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
