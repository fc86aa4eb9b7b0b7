package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;
import org.parley.media.spi.tck.peer.TestPeerOptions;

/** Server-side consent freshness: a peer that goes silent is reported FAILED within the consent timeout. */
class ConsentFreshnessTest {

    /** Scaled down from production's 10 s timeout against Chrome's 2.5 s checks, keeping the 4x margin. */
    private static final Duration CONSENT = Duration.ofSeconds(2);
    private static final TestPeerOptions BROWSER_LIKE = TestPeerOptions.defaults()
            .withConsentInterval(CONSENT.dividedBy(4));
    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransport connected(RecordingHandler handler, TestPeer peer) throws Exception {
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", freePort(), Optional.empty()),
                TransportTimeouts.DEFAULTS.withConsent(CONSENT));
        toClose.add(factory);
        toClose.add(peer);
        IceDtlsTransport transport = factory.create("consent", handler);
        transport.addIncomingStreams(5);
        transport.addOutgoingStreams(9);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
        peer.awaitConnected(CONNECT);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
        return transport;
    }

    @Test
    void aPeerThatGoesSilentIsFailedWithinTheConsentTimeout() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TestPeer peer = TestPeer.create(BROWSER_LIKE);
        IceDtlsTransport transport = connected(handler, peer);

        long silentSince = System.nanoTime();
        peer.goSilent();
        assertTrue(handler.awaitState(TransportState.FAILED, CONSENT.multipliedBy(4)), "states: " + handler.states);
        Duration took = Duration.ofNanos(System.nanoTime() - silentSince);
        // Its last check came at most a check interval before it went silent; the sweep runs every 400 ms.
        assertTrue(took.compareTo(CONSENT.plusSeconds(2)) <= 0, "soon after the timeout: " + took);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED, TransportState.FAILED),
                handler.states);
        assertEquals(TransportState.FAILED, transport.state());
    }

    @Test
    void anIdlePeerThatKeepsSendingConsentChecksStaysConnected() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TestPeer peer = TestPeer.create(BROWSER_LIKE); // sends consent checks, no media
        IceDtlsTransport transport = connected(handler, peer);

        long until = System.nanoTime() + CONSENT.multipliedBy(2).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(TransportState.CONNECTED, transport.state(), "states: " + handler.states);
            Thread.sleep(100);
        }
        byte[] down = RtpPackets.rtp(9, 96, 1, 1, "still here".getBytes(StandardCharsets.UTF_8));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void mediaAloneAlsoProvesThePeerIsThere() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TestPeer peer = TestPeer.create(BROWSER_LIKE.withoutConsentChecks());
        IceDtlsTransport transport = connected(handler, peer);

        long until = System.nanoTime() + CONSENT.multipliedBy(2).toNanos();
        int sequence = 0;
        while (System.nanoTime() < until) {
            peer.sendRtp(RtpPackets.rtp(5, 96, ++sequence, sequence, new byte[20]));
            assertEquals(TransportState.CONNECTED, transport.state(), "states: " + handler.states);
            Thread.sleep(100);
        }
        // Then the media stops too: nothing proves the peer is there any more.
        assertTrue(handler.awaitState(TransportState.FAILED, CONSENT.multipliedBy(4)), "states: " + handler.states);
    }

    @Test
    void checksWithAWrongPasswordDoNotKeepASilentPeerAlive() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        TestPeer peer = TestPeer.create(BROWSER_LIKE.withoutConsentChecks());
        IceDtlsTransport transport = connected(handler, peer);
        String username = transport.localIceParameters().usernameFragment() + ":"
                + peer.iceParameters().usernameFragment();

        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            forger.setSoTimeout(100);
            long deadline = System.nanoTime() + CONSENT.multipliedBy(4).toNanos();
            while (transport.state() == TransportState.CONNECTED && System.nanoTime() < deadline) {
                StunProbe.bindingRequest(forger, port(transport), username, "forged-password-0123456789");
                Thread.sleep(100);
            }
        }
        assertEquals(TransportState.FAILED, transport.state(), "only authenticated checks count as consent");
    }

    private static int port(IceDtlsTransport transport) {
        return transport.localCandidates().get(0).port();
    }

    private static int freePort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
