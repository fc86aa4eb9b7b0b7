package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;
import org.parley.media.spi.tck.peer.TestPeerOptions;
import org.parley.media.spi.tck.peer.TestPeerOptions.SrtpProfileName;

/** The transport against a real ICE + DTLS-SRTP test peer over UDP on 127.0.0.1. */
class IceDtlsTransportTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransportFactory factory(Optional<String> publicAddress, Duration connectTimeout)
            throws SocketException {
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", freePort(), publicAddress), connectTimeout);
        toClose.add(factory);
        return factory;
    }

    private IceDtlsTransportFactory factory() throws SocketException {
        return factory(Optional.empty(), IceDtlsTransportFactory.DEFAULT_CONNECT_TIMEOUT);
    }

    private TestPeer peer(TestPeerOptions options) {
        TestPeer peer = TestPeer.create(options);
        toClose.add(peer);
        return peer;
    }

    private static void connect(IceDtlsTransport transport, TestPeer peer) {
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void connectsAndCarriesSrtpBothWays() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("t1", handler);
        transport.addIncomingStreams(0x11223344);
        transport.addOutgoingStreams(0x55667788);
        TestPeer peer = peer(TestPeerOptions.defaults());

        connect(transport, peer);
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT), "states: " + handler.states);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED), handler.states);
        assertEquals(TransportState.CONNECTED, transport.state());
        assertEquals(SrtpProfileName.AEAD_AES_128_GCM, peer.negotiatedProfile(), "GCM preferred when offered");

        byte[] fromPeer = RtpPackets.rtp(0x11223344, 96, 7, 9000, payload("hello from the browser"));
        peer.sendRtp(fromPeer);
        byte[] received = handler.rtp.poll(10, TimeUnit.SECONDS);
        assertNotNull(received, "RTP from the peer reaches the handler");
        assertArrayEquals(fromPeer, received, "decrypted to the exact bytes sent");

        byte[] toPeer = RtpPackets.rtp(0x55667788, 111, 42, 123456, payload("hello from the SFU"));
        byte[] callerCopy = toPeer.clone();
        transport.sendRtp(toPeer, 0, toPeer.length);
        assertArrayEquals(callerCopy, toPeer, "caller's bytes untouched");
        byte[] atPeer = peer.receivedRtp().poll(10, TimeUnit.SECONDS);
        assertNotNull(atPeer, "RTP sent by the transport reaches the peer");
        assertArrayEquals(toPeer, atPeer);

        byte[] rtcpFromPeer = RtpPackets.app(0x11223344, "PRLY", payload("rtcp up"));
        peer.sendRtcp(rtcpFromPeer);
        byte[] rtcpReceived = handler.rtcp.poll(10, TimeUnit.SECONDS);
        assertNotNull(rtcpReceived, "SRTCP from the peer reaches the handler");
        assertArrayEquals(rtcpFromPeer, rtcpReceived);

        byte[] rtcpToPeer = RtpPackets.emptyReceiverReport(0x55667788);
        transport.sendRtcp(rtcpToPeer, 0, rtcpToPeer.length);
        byte[] rtcpAtPeer = peer.receivedRtcp().poll(10, TimeUnit.SECONDS);
        assertNotNull(rtcpAtPeer, "SRTCP sent by the transport reaches the peer");
        assertArrayEquals(rtcpToPeer, rtcpAtPeer);
    }

    @Test
    void negotiatesAesCmWhenThatIsAllThePeerOffers() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("cm", handler);
        transport.addIncomingStreams(1);
        transport.addOutgoingStreams(2);
        TestPeer peer = peer(TestPeerOptions.defaults().offering(SrtpProfileName.AES128_CM_HMAC_SHA1_80));

        connect(transport, peer);
        peer.awaitConnected(CONNECT);
        assertEquals(SrtpProfileName.AES128_CM_HMAC_SHA1_80, peer.negotiatedProfile());
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));

        byte[] up = RtpPackets.rtp(1, 96, 1, 1, payload("cm up"));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS));
        byte[] down = RtpPackets.rtp(2, 96, 1, 1, payload("cm down"));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS));
        byte[] rtcpDown = RtpPackets.emptyReceiverReport(2);
        transport.sendRtcp(rtcpDown, 0, rtcpDown.length);
        assertArrayEquals(rtcpDown, peer.receivedRtcp().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void negotiatesGcmWhenOnlyGcmIsOffered() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("gcm", handler);
        transport.addIncomingStreams(3);
        transport.addOutgoingStreams(4);
        TestPeer peer = peer(TestPeerOptions.defaults().offering(SrtpProfileName.AEAD_AES_128_GCM));

        connect(transport, peer);
        peer.awaitConnected(CONNECT);
        assertEquals(SrtpProfileName.AEAD_AES_128_GCM, peer.negotiatedProfile());
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
        byte[] up = RtpPackets.rtp(3, 100, 9, 9, payload("gcm up"));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS));
    }

    /**
     * Proof of joining, second half (the first is the ICE password, {@link IceCredentialsTest}): a DTLS client
     * whose certificate does not match the fingerprint in the participant's SDP ends that transport (FAILED),
     * receives no keys, and nothing is delivered or sent; no ICE restart can revive it.
     */
    @Test
    void certificateNotMatchingTheSignalledFingerprintFailsTheTransport() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransportFactory factory = factory();
        IceDtlsTransport transport = factory.create("mitm", handler);
        transport.addIncomingStreams(1);
        transport.addOutgoingStreams(2);
        TestPeer peer = peer(TestPeerOptions.defaults().withMismatchedCertificate());

        connect(transport, peer);
        assertTrue(handler.awaitState(TransportState.FAILED, CONNECT), "states: " + handler.states);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.FAILED), handler.states);
        assertThrows(IllegalStateException.class, () -> peer.awaitConnected(Duration.ofSeconds(10)));
        assertFalse(peer.isConnected());
        assertTrue(handler.rtp.isEmpty() && handler.rtcp.isEmpty(), "nothing delivered");
        byte[] down = RtpPackets.rtp(2, 96, 1, 1, payload("must not leave"));
        transport.sendRtp(down, 0, down.length);
        assertNull(peer.receivedRtp().poll(300, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, transport::restartIce, "a DTLS failure is final");
        assertFalse(transport.canRestartIce(), "and says so before anyone tries");
        assertEquals(1, factory.traffic().dtlsFailures(), "counted for metrics as a DTLS failure");
        assertEquals(0, factory.traffic().iceFailures());
    }

    @Test
    void checksWithWrongCredentialsNeverConnect() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransportFactory factory = factory(Optional.empty(), Duration.ofSeconds(4));
        IceDtlsTransport transport = factory.create("wrong", handler);
        TestPeer peer = peer(TestPeerOptions.defaults().withWrongIcePassword().withTimeout(Duration.ofSeconds(4)));

        connect(transport, peer);
        assertThrows(IllegalStateException.class, () -> peer.awaitConnected(Duration.ofSeconds(10)));
        assertTrue(handler.awaitState(TransportState.FAILED, Duration.ofSeconds(15)),
                "the connect timeout fails it: " + handler.states);
        assertFalse(handler.states.contains(TransportState.CONNECTED));
        assertEquals(1, factory.traffic().iceFailures(), "counted for metrics as an ICE failure");
        assertEquals(0, factory.traffic().dtlsFailures());
    }

    @Test
    void garbageDatagramsDoNotBreakAnEstablishedTransport() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransportFactory factory = factory();
        IceDtlsTransport transport = factory.create("garbage", handler);
        transport.addIncomingStreams(9, 0xABCDEF01);
        transport.addOutgoingStreams(2);
        TestPeer peer = peer(TestPeerOptions.defaults());
        connect(transport, peer);
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));

        // On the selected pair: not RTP at all, RTP that does not authenticate, a truncated header, DTLS junk.
        peer.sendRaw(new byte[] {1, 2, 3});
        peer.sendRaw(new byte[] {(byte) 0x70, 0, 0, 0, 0, 0});
        peer.sendRaw(RtpPackets.rtp(9, 96, 1, 1, payload("forged, unencrypted")));
        peer.sendRaw(new byte[] {(byte) 0x80, 96, 0});
        peer.sendRaw(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0});
        // From a stranger's socket straight at the shared port.
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] junk = payload("not a STUN request");
            stranger.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), factory.port()));
        }

        byte[] up = RtpPackets.rtp(0xABCDEF01, 96, 100, 1, payload("still flowing"));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS), "valid media after garbage");
        assertTrue(handler.rtp.isEmpty(), "no garbage was delivered");
        assertTrue(transport.droppedIncomingCount() >= 3, "garbage counted: " + transport.droppedIncomingCount());
        assertEquals(TransportState.CONNECTED, transport.state());
    }

    @Test
    void trickledAndUnusableRemoteCandidatesAreHandled() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("trickle", handler);
        TestPeer peer = peer(TestPeerOptions.defaults());
        transport.addRemoteCandidate(new IceCandidate("1", 2122260223L, "udp", "0b7c0d9e-1d4c.local", 5000, "host"));
        transport.addRemoteCandidate(new IceCandidate("2", 1518280447L, "tcp", "127.0.0.1", 9, "host"));
        transport.addRemoteCandidate(new IceCandidate("3", 1518280447L, "udp", "not an address", 9, "host"));
        transport.addRemoteCandidate(new IceCandidate("4", 1518280447L, "udp", "127.0.0.1", 5000, "bogus"));
        connect(transport, peer);
        peer.candidates().forEach(transport::addRemoteCandidate);
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT), "states: " + handler.states);
    }

    @Test
    void closeIsIdempotentAndReportedOnce() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("close", handler);
        transport.addIncomingStreams(1);
        transport.addOutgoingStreams(2);
        TestPeer peer = peer(TestPeerOptions.defaults());
        connect(transport, peer);
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));

        transport.close();
        transport.close();
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED, TransportState.CLOSED),
                handler.states);
        byte[] down = RtpPackets.rtp(2, 96, 1, 1, payload("after close"));
        transport.sendRtp(down, 0, down.length);
        assertNull(peer.receivedRtp().poll(300, TimeUnit.MILLISECONDS), "nothing sent after close");
        assertThrows(IllegalStateException.class, () -> transport.connect(peer.iceParameters(), peer.fingerprint()));
    }

    @Test
    void testPeerCloseReleasesItsPortAndThreads() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory().create("peer-close", handler);
        TestPeer peer = TestPeer.create();
        int port = peer.candidates().get(0).port();
        String ufrag = peer.iceParameters().usernameFragment();
        try {
            connect(transport, peer);
            peer.awaitConnected(CONNECT);
        } finally {
            peer.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean released = false;
        while (!released && System.nanoTime() < deadline) {
            boolean threadsGone = Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().contains(ufrag));
            released = threadsGone && canBind(port);
            if (!released) {
                Thread.sleep(20);
            }
        }
        assertTrue(released, "peer port " + port + " free and its threads ended");
    }

    private static boolean canBind(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void factoryCloseFreesTheUdpPort() throws Exception {
        int port = freePort();
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", port, Optional.empty()));
        RecordingHandler handler = new RecordingHandler();
        factory.create("one", handler);
        assertEquals(port, factory.port());

        factory.close();
        factory.close();
        assertEquals(TransportState.CLOSED, handler.states.get(handler.states.size() - 1), "open transports closed");
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(socket.isBound());
        }
        assertThrows(IllegalStateException.class, () -> factory.create("late", new RecordingHandler()));
    }

    @Test
    void publicAddressIsAdvertisedAsACandidate() throws Exception {
        IceDtlsTransportFactory factory = factory(Optional.of("203.0.113.7"), IceDtlsTransportFactory.DEFAULT_CONNECT_TIMEOUT);
        IceDtlsTransport transport = factory.create("nat", new RecordingHandler());

        List<IceCandidate> candidates = transport.localCandidates();
        assertTrue(candidates.stream().anyMatch(c -> c.address().equals("203.0.113.7") && c.port() == factory.port()
                && c.type().equals("host") && c.protocol().equals("udp")), "candidates: " + candidates);
        assertTrue(candidates.stream().anyMatch(c -> c.address().equals("127.0.0.1") && c.type().equals("host")),
                "candidates: " + candidates);
    }

    @Test
    void eachTransportHasItsOwnIceCredentialsAndSharesThePortAndFingerprint() throws Exception {
        IceDtlsTransportFactory factory = factory();
        IceDtlsTransport a = factory.create("a", new RecordingHandler());
        IceDtlsTransport b = factory.create("b", new RecordingHandler());
        assertFalse(a.localIceParameters().usernameFragment().equals(b.localIceParameters().usernameFragment()));
        assertFalse(a.localIceParameters().password().equals(b.localIceParameters().password()));
        assertEquals(a.localFingerprint(), b.localFingerprint());
        assertEquals("sha-256", a.localFingerprint().algorithm());
        assertEquals(32 * 3 - 1, a.localFingerprint().value().length());
        assertEquals(a.localCandidates().get(0).port(), b.localCandidates().get(0).port());
    }

    @Test
    void wildcardBindAlsoOffersLoopbackAndFreesEverythingOnClose() throws Exception {
        int port = freePort();
        try (IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("0.0.0.0", port, Optional.empty()))) {
            List<IceCandidate> candidates = factory.create("any", new RecordingHandler()).localCandidates();
            assertTrue(candidates.stream().anyMatch(c -> c.address().equals("127.0.0.1") && c.port() == port),
                    "candidates: " + candidates);
            assertTrue(candidates.stream().allMatch(c -> c.port() == port), "one port for all: " + candidates);
        }
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void refusesAPortAlreadyInUseClearly() throws Exception {
        try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = holder.getLocalPort();
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> new IceDtlsTransportFactory(new MediaSettings("127.0.0.1", port, Optional.empty())));
            assertTrue(e.getMessage().contains(String.valueOf(port)) && e.getMessage().contains("in use"),
                    e.getMessage());
        }
        try (IceDtlsTransportFactory ok = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", freePort(), Optional.empty()))) {
            assertTrue(ok.port() > 0);
        }
    }

    @Test
    void aSecondFactoryCannotSilentlyShareThePort() throws Exception {
        IceDtlsTransportFactory first = factory();
        assertThrows(java.io.UncheckedIOException.class,
                () -> new IceDtlsTransportFactory(new MediaSettings("127.0.0.1", first.port(), Optional.empty())));
    }

    @Test
    void rejectsAnUnusableBindAddressClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IceDtlsTransportFactory(new MediaSettings("media.example", 0, Optional.empty())));
        assertTrue(e.getMessage().contains("media.example"), e.getMessage());
    }

    private static int freePort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
