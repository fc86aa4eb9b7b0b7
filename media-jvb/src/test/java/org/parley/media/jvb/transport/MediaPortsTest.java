package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;

/** Operator network settings: a port range (a port per transport), a named interface, a public address. */
class MediaPortsTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransportFactory factory(MediaSettings settings) {
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(settings);
        toClose.add(factory);
        return factory;
    }

    @Test
    void aRangeGivesEachTransportItsOwnPortAndTakesItBackOnClose() throws Exception {
        int min = freeRange(3);
        IceDtlsTransportFactory factory = factory(new MediaSettings(List.of("127.0.0.1"), min, min + 2,
                Optional.empty()));
        IceDtlsTransport a = factory.create("a", new RecordingHandler());
        IceDtlsTransport b = factory.create("b", new RecordingHandler());
        int portA = onlyPort(a);
        int portB = onlyPort(b);
        assertNotEquals(portA, portB, "one port per transport");
        assertTrue(portA >= min && portA <= min + 2 && portB >= min && portB <= min + 2, portA + ", " + portB);
        assertEquals(0, factory.port(), "no shared port with a range");
        assertTrue(!canBind(portA) && !canBind(portB), "both held while open");

        a.close();
        b.close();
        assertTrue(awaitBindable(portA) && awaitBindable(portB), "released on close");
    }

    @Test
    void anExhaustedRangeFailsTransportCreationNamingTheRange() throws Exception {
        int min = freeRange(2);
        IceDtlsTransportFactory factory = factory(new MediaSettings(List.of("127.0.0.1"), min, min + 1,
                Optional.empty()));
        IceDtlsTransport first = factory.create("1", new RecordingHandler());
        factory.create("2", new RecordingHandler());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> factory.create("3", new RecordingHandler()));
        assertTrue(e.getMessage().contains(min + "-" + (min + 1)), e.getMessage());

        first.close();
        IceDtlsTransport again = factory.create("4", new RecordingHandler());
        assertEquals(onlyPort(first), onlyPort(again), "a released port is handed out again");
    }

    @Test
    void aTransportOnARangePortCarriesMediaAndRestartsOntoAnotherPort() throws Exception {
        int min = freeRange(4);
        IceDtlsTransportFactory factory = factory(new MediaSettings(List.of("127.0.0.1"), min, min + 3,
                Optional.empty()));
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory.create("ranged", handler);
        transport.addIncomingStreams(1);
        transport.addOutgoingStreams(2);
        TestPeer peer = TestPeer.create();
        toClose.add(peer);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
        assertMedia(transport, handler, peer, 1);
        int before = onlyPort(transport);

        IceParameters serverIce = transport.restartIce();
        int during = onlyPort(transport);
        assertNotEquals(before, during, "the restart's session has its own port from the range");
        transport.setRemoteIceParameters(peer.restartIce());
        peer.continueRestart(serverIce, transport.localCandidates());
        peer.awaitRestarted(CONNECT);
        IceRestartTest.awaitSwitched(transport);
        assertMedia(transport, handler, peer, 2);
        assertTrue(awaitBindable(before), "the old session's port is released after the switch");
    }

    @Test
    void bindsToANamedInterface() throws Exception {
        IceDtlsTransportFactory factory = factory(new MediaSettings("lo", 0, Optional.empty()));
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory.create("lo", handler);
        transport.addIncomingStreams(1);
        transport.addOutgoingStreams(2);
        List<IceCandidate> candidates = transport.localCandidates();
        assertTrue(candidates.stream().anyMatch(c -> c.address().equals("127.0.0.1") && c.port() == factory.port()),
                "candidates: " + candidates);
        assertTrue(candidates.stream().allMatch(c -> c.address().equals("127.0.0.1") || c.address().equals("0:0:0:0:0:0:0:1")),
                "only lo's addresses: " + candidates);

        TestPeer peer = TestPeer.create();
        toClose.add(peer);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), candidates, transport.localFingerprint());
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
        assertMedia(transport, handler, peer, 1);
    }

    @Test
    void aListOfAddressesAndInterfacesIsAccepted() throws Exception {
        IceDtlsTransportFactory factory = factory(new MediaSettings(List.of("127.0.0.1", "lo"), 0, 0,
                Optional.empty()));
        List<IceCandidate> candidates = factory.create("list", new RecordingHandler()).localCandidates();
        assertEquals(1, candidates.stream().filter(c -> c.address().equals("127.0.0.1")).count(),
                "127.0.0.1 once although named twice: " + candidates);
    }

    @Test
    void anUnknownInterfaceIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IceDtlsTransportFactory(new MediaSettings("nosuchnic0", 0, Optional.empty())));
        assertTrue(e.getMessage().contains("nosuchnic0") && e.getMessage().contains("interface"), e.getMessage());
    }

    @Test
    void aPublicAddressIsAdvertisedWithEachRangePort() throws Exception {
        int min = freeRange(2);
        IceDtlsTransportFactory factory = factory(new MediaSettings(List.of("127.0.0.1"), min, min + 1,
                Optional.of("203.0.113.9")));
        IceDtlsTransport transport = factory.create("nat", new RecordingHandler());
        int port = onlyPort(transport);
        assertTrue(transport.localCandidates().stream().anyMatch(c -> c.address().equals("203.0.113.9")
                && c.port() == port && c.type().equals("host")), "candidates: " + transport.localCandidates());
    }

    @Test
    void settingsRejectNonsenseRanges() {
        assertThrows(IllegalArgumentException.class, () -> new MediaSettings(List.of(), 5000, 4000, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MediaSettings(List.of(), 0, 4000, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new MediaSettings(List.of(), 1, 70000, Optional.empty()));
    }

    private static void assertMedia(IceDtlsTransport transport, RecordingHandler handler, TestPeer peer, int n)
            throws InterruptedException {
        byte[] up = RtpPackets.rtp(1, 96, n, n, ("up " + n).getBytes(StandardCharsets.UTF_8));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS));
        byte[] down = RtpPackets.rtp(2, 96, n, n, ("down " + n).getBytes(StandardCharsets.UTF_8));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS));
    }

    private static int onlyPort(IceDtlsTransport transport) {
        List<Integer> ports = transport.localCandidates().stream().map(IceCandidate::port).distinct().toList();
        assertEquals(1, ports.size(), "one port per transport: " + transport.localCandidates());
        return ports.get(0);
    }

    /** The first of {@code count} consecutive ports that are free on 127.0.0.1 right now (bounded search). */
    private static int freeRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int start;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                start = probe.getLocalPort();
            }
            if (start + count > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = start; p < start + count && free; p++) {
                free = canBind(p);
            }
            if (free) {
                return start;
            }
        }
        throw new IOException("no " + count + " consecutive free UDP ports found");
    }

    private static boolean awaitBindable(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (canBind(port)) {
                return true;
            }
            Thread.sleep(20);
        }
        return canBind(port);
    }

    private static boolean canBind(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
