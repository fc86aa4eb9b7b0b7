package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;
import org.parley.media.spi.tck.peer.TestPeerOptions;

/** ICE restarts against a real test peer over loopback: new credentials and pair, same DTLS and SRTP. */
class IceRestartTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransportFactory factory(TransportTimeouts timeouts) throws SocketException {
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", freePort(), Optional.empty()), timeouts);
        toClose.add(factory);
        return factory;
    }

    private TestPeer peer() {
        TestPeer peer = TestPeer.create();
        toClose.add(peer);
        return peer;
    }

    private static IceDtlsTransport connected(IceDtlsTransportFactory factory, RecordingHandler handler,
            TestPeer peer) throws InterruptedException {
        IceDtlsTransport transport = factory.create("restart", handler);
        transport.addIncomingStreams(0x0A0B0C0D);
        transport.addOutgoingStreams(0x01020304);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT), "states: " + handler.states);
        return transport;
    }

    /** One packet each way, with distinct payloads so a stale packet cannot pass for a new one. */
    private static void assertMediaFlows(IceDtlsTransport transport, RecordingHandler handler, TestPeer peer,
            int sequence) throws InterruptedException {
        byte[] up = RtpPackets.rtp(0x0A0B0C0D, 96, sequence, sequence * 960L, bytes("up " + sequence));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS), "peer → transport, packet " + sequence);
        byte[] down = RtpPackets.rtp(0x01020304, 111, sequence, sequence * 960L, bytes("down " + sequence));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS), "transport → peer, packet " + sequence);
    }

    private static void restart(IceDtlsTransport transport, TestPeer peer) throws InterruptedException {
        assertTrue(transport.canRestartIce(), "its DTLS did not fail");
        IceParameters serverIce = transport.restartIce();
        assertEquals(serverIce, transport.localIceParameters(), "the new credentials are the ones to offer");
        IceParameters peerIce = peer.restartIce();
        transport.setRemoteIceParameters(peerIce);
        peer.continueRestart(serverIce, transport.localCandidates());
        peer.awaitRestarted(CONNECT);
        awaitSwitched(transport);
    }

    /** Both ends selected the new pair (the peer may finish first: it nominates). Polled, bounded. */
    static void awaitSwitched(IceDtlsTransport transport) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (transport.restartInProgress() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(transport.restartInProgress(), "the server selected the new pair");
    }

    @Test
    void mediaFlowsBeforeDuringAndAfterARestartWithoutANewHandshake() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = connected(factory(TransportTimeouts.DEFAULTS), handler, peer());
        TestPeer peer = (TestPeer) toClose.get(1);
        assertMediaFlows(transport, handler, peer, 1);
        IceParameters before = transport.localIceParameters();
        int peerPortBefore = peer.localPort();

        IceParameters serverIce = transport.restartIce();
        assertNotEquals(before.usernameFragment(), serverIce.usernameFragment());
        assertNotEquals(before.password(), serverIce.password());
        assertMediaFlows(transport, handler, peer, 2); // still on the old pair while the restart is negotiated

        IceParameters peerIce = peer.restartIce();
        transport.setRemoteIceParameters(peerIce);
        peer.continueRestart(serverIce, transport.localCandidates());
        peer.awaitRestarted(CONNECT);
        assertNotEquals(peerPortBefore, peer.localPort(), "the peer now uses its new ICE session");

        // The server switches to the new pair once ICE selects it there too; the SRTP contexts continue (same ROC,
        // same replay windows), so packets after the restart decrypt with the keys from the first handshake.
        awaitSwitched(transport);
        assertEquals(serverIce, transport.localIceParameters());
        for (int sequence = 3; sequence < 6; sequence++) {
            assertMediaFlows(transport, handler, peer, sequence);
        }
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED), handler.states,
                "a restart of a connected transport is invisible to the handler");
        assertEquals(0, transport.droppedIncomingCount(), "nothing failed to decrypt across the restart");
    }

    @Test
    void oldCredentialsAreNoLongerAcceptedAfterTheRestart() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransportFactory factory = factory(TransportTimeouts.DEFAULTS);
        TestPeer peer = peer();
        IceDtlsTransport transport = connected(factory, handler, peer);
        IceParameters oldServer = transport.localIceParameters();
        IceParameters oldPeer = peer.iceParameters();

        restart(transport, peer);
        awaitFreed(factory, oldServer);

        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            raw.setSoTimeout(500);
            assertNull(StunProbe.bindingRequest(raw, factory.port(), oldServer.usernameFragment() + ":"
                    + oldPeer.usernameFragment(), oldServer.password()), "a check with the old credentials is ignored");
            IceParameters current = transport.localIceParameters();
            assertNotNull(StunProbe.bindingRequest(raw, factory.port(), current.usernameFragment() + ":"
                    + peer.iceParameters().usernameFragment(), current.password()),
                    "a check with the new credentials is answered");
        }
        assertMediaFlows(transport, handler, peer, 7);
    }

    @Test
    void aTransportWhosePeerWentSilentComesBackThroughARestart() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TransportTimeouts timeouts = TransportTimeouts.DEFAULTS.withConsent(Duration.ofSeconds(3));
        TestPeer peer = TestPeer.create(TestPeerOptions.defaults().withoutConsentChecks());
        IceDtlsTransport transport = connected(factory(timeouts), handler, peer);
        toClose.add(peer);
        assertMediaFlows(transport, handler, peer, 1);

        // Nothing from the peer for longer than the consent timeout: FAILED. (Its agent keeps running, like a
        // browser behind a path that lost its packets; the restart below finds a new path.)
        assertTrue(handler.awaitState(TransportState.FAILED, Duration.ofSeconds(15)), "states: " + handler.states);
        byte[] lost = RtpPackets.rtp(0x01020304, 111, 50, 50, bytes("while failed"));
        transport.sendRtp(lost, 0, lost.length);
        assertNull(peer.receivedRtp().poll(300, TimeUnit.MILLISECONDS), "nothing is sent while FAILED");

        restart(transport, peer);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (transport.state() != TransportState.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertMediaFlows(transport, handler, peer, 2);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED, TransportState.FAILED,
                TransportState.CONNECTING, TransportState.CONNECTED), handler.states.subList(0, 5));
    }

    @Test
    void restartNeedsAConnectedTransportAndTheCallsInOrder() throws Exception {
        IceDtlsTransportFactory factory = factory(TransportTimeouts.DEFAULTS);
        IceDtlsTransport fresh = factory.create("fresh", new RecordingHandler());
        assertThrows(IllegalStateException.class, fresh::restartIce, "before connect");

        RecordingHandler handler = new RecordingHandler();
        TestPeer peer = peer();
        IceDtlsTransport transport = connected(factory, handler, peer);
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> transport.setRemoteIceParameters(new IceParameters("abcd", "0123456789abcdef012345")));
        assertTrue(early.getMessage().contains("restartIce"), early.getMessage());

        IceParameters first = transport.restartIce();
        IceParameters second = transport.restartIce();
        assertNotEquals(first, second, "a second restart replaces the first attempt");
        assertEquals(second, transport.localIceParameters());
        transport.close();
        assertThrows(IllegalStateException.class, transport::restartIce, "after close");
    }

    @Test
    void aRestartThatNeverCompletesLeavesAConnectedTransportOnItsPair() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TransportTimeouts timeouts = TransportTimeouts.DEFAULTS.withConnect(Duration.ofSeconds(2));
        IceDtlsTransport transport = connected(factory(timeouts), handler, peer());
        TestPeer peer = (TestPeer) toClose.get(1);
        IceParameters before = transport.localIceParameters();

        transport.restartIce();
        transport.setRemoteIceParameters(new IceParameters("gone", "nobody-will-ever-check-this"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!transport.localIceParameters().equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, transport.localIceParameters(), "the abandoned restart is dropped");
        assertEquals(TransportState.CONNECTED, transport.state());
        assertMediaFlows(transport, handler, peer, 1);
    }

    private static void awaitFreed(IceDtlsTransportFactory factory, IceParameters old) throws InterruptedException {
        // The old agent is freed right after the switch; give the free a moment (polled, bounded).
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                raw.setSoTimeout(200);
                if (StunProbe.bindingRequest(raw, factory.port(), old.usernameFragment() + ":x", old.password())
                        == null) {
                    return;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
