package org.parley.media.jvb.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;
import org.parley.media.spi.tck.peer.StunBinding;

/**
 * What strangers can do to the ICE-TCP port: connections that never verify are bounded per address and in time, and
 * broken framing closes the connection; nothing they opened stays.
 */
class TcpMediaPortTest {

    private static final Duration VERIFY_WITHIN = Duration.ofMillis(400);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private TcpMediaPort port() throws IOException {
        TcpMediaPort port = TcpMediaPort.open(List.of(new BindAddress(InetAddress.getLoopbackAddress(), true)), 0,
                VERIFY_WITHIN);
        toClose.add(port);
        return port;
    }

    private Socket connect(TcpMediaPort port, String from) throws IOException {
        Socket socket = new Socket();
        toClose.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()));
        return socket;
    }

    private static boolean closedByServer(Socket socket, int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try (InputStream in = socket.getInputStream()) {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void connectionsThatNeverVerifyAreBoundedPerAddressAndClosedInTime() throws Exception {
        TcpMediaPort port = port();
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < TcpMediaPort.MAX_PENDING_PER_ADDRESS + 4; i++) {
            idle.add(connect(port, "127.0.0.1"));
        }
        await("the connections over the bound to be refused", () -> port.refusedConnectionCount() == 4);
        Socket elsewhere = connect(port, "127.0.0.2");
        await("another address's connection to be taken",
                () -> port.openConnectionCount() == TcpMediaPort.MAX_PENDING_PER_ADDRESS + 1);

        for (Socket socket : idle) {
            assertTrue(closedByServer(socket, 10_000), "every idle connection is closed");
        }
        assertTrue(closedByServer(elsewhere, 10_000));
        await("nothing to stay open", () -> port.openConnectionCount() == 0);
        assertEquals(TcpMediaPort.MAX_PENDING_PER_ADDRESS + 1, port.expiredConnectionCount());
    }

    @Test
    void brokenFramingClosesTheConnection() throws Exception {
        TcpMediaPort port = port();
        Socket oversized = connect(port, "127.0.0.1");
        oversized.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 0, 0});
        Socket empty = connect(port, "127.0.0.1");
        empty.getOutputStream().write(new byte[] {0, 0});
        Socket notStun = connect(port, "127.0.0.1");
        notStun.getOutputStream().write(new byte[] {0, 4, (byte) 0x80, 96, 0, 1});

        assertTrue(closedByServer(oversized, 5000), "a frame longer than a binding request before verification");
        assertTrue(closedByServer(empty, 5000), "a frame of length 0");
        assertTrue(closedByServer(notStun, 5000), "RTP before any check verified");
        assertEquals(2, port.malformedFrameCount());
        assertEquals(1, port.droppedUnverifiedCount());
        await("nothing to stay open", () -> port.openConnectionCount() == 0);
    }

    @Test
    void checksNamingNoSessionAreDroppedAndTheConnectionStillExpires() throws Exception {
        TcpMediaPort port = port();
        Socket socket = connect(port, "127.0.0.1");
        byte[] check = StunBinding.request("nobody:brws", "password");
        byte[] frame = new byte[2 + check.length];
        frame[0] = (byte) (check.length >> 8);
        frame[1] = (byte) check.length;
        System.arraycopy(check, 0, frame, 2, check.length);
        for (int i = 0; i < 50; i++) {
            socket.getOutputStream().write(frame);
        }
        await("every check to be dropped", () -> port.droppedStunCount() == 50);
        assertTrue(closedByServer(socket, 10_000), "checks that verify nothing do not keep a connection open");
    }
}
