package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.StunBinding;
import org.parley.media.spi.tck.peer.TestPeer;

/**
 * The ICE password as proof of joining: the server's credentials are made per transport and only reach the
 * participant in its own SDP answer, so only that participant can talk ICE to its transport. Checked with raw
 * STUN packets from plain sockets at the media port. (The other half of the guarantee, a DTLS client whose
 * certificate does not match the participant's signalled fingerprint failing the transport, is
 * {@code IceDtlsTransportTest.certificateNotMatchingTheSignalledFingerprintFailsTheTransport}.)
 */
class IceCredentialsTest {

    private static final Duration NO_ANSWER_WAIT = Duration.ofMillis(700);
    private static final IceParameters BROWSER = new IceParameters("brws", "browser-password-0123456789");
    private static final DtlsFingerprint ANY_FINGERPRINT = new DtlsFingerprint("sha-256",
            "AB:".repeat(31) + "AB");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransportFactory factory() throws SocketException {
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", freePort(), Optional.empty()));
        toClose.add(factory);
        return factory;
    }

    private DatagramSocket stranger() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout((int) NO_ANSWER_WAIT.toMillis());
        toClose.add(socket);
        return socket;
    }

    @Test
    void onlyAChecksWithTheTransportsOwnUfragAndPasswordIsAnswered() throws Exception {
        IceDtlsTransportFactory factory = factory();
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory.create("joined", handler);
        IceDtlsTransport other = factory.create("someone-else", new RecordingHandler());
        transport.connect(BROWSER, ANY_FINGERPRINT);
        IceParameters server = transport.localIceParameters();
        int port = factory.port();

        // An unknown ufrag is dropped unanswered by the port's demultiplexer.
        assertNull(StunProbe.bindingRequest(stranger(), port, "nosuch:" + BROWSER.usernameFragment(),
                server.password()), "an unknown ufrag gets no answer");
        // Another participant's ufrag signed with this one's password: passwords are per transport.
        assertNotSuccess(StunProbe.bindingRequest(stranger(), port, other.localIceParameters().usernameFragment()
                + ":" + BROWSER.usernameFragment(), server.password()), "another transport's ufrag, this password");

        // The right ufrag with a wrong password: no answer at all (an answer would tell a guesser it had the ufrag).
        byte[] wrongPassword = StunProbe.bindingRequest(stranger(), port, server.usernameFragment() + ":"
                + BROWSER.usernameFragment(), "not-the-password-0123456789");
        assertNotSuccess(wrongPassword, "wrong password");

        // A correct request whose MESSAGE-INTEGRITY was tampered with after signing.
        byte[] tampered = StunBinding.request(server.usernameFragment() + ":" + BROWSER.usernameFragment(),
                server.password());
        tampered[tampered.length - 8 - 10] ^= 0x01; // inside the HMAC
        assertNotSuccess(StunProbe.send(stranger(), port, tampered), "tampered MESSAGE-INTEGRITY");

        assertEquals(TransportState.CONNECTING, transport.state(), "nothing changed");
        assertEquals(0, transport.verifiedAddressCount(), "no address let through by a bad check");
        assertEquals(2, transport.refusedChecks(), "the wrong password and the tampered check: refused and counted");
        assertFalse(transport.hasSelectedPair());
        assertEquals(List.of(TransportState.CONNECTING), handler.states);

        byte[] good = StunProbe.bindingRequest(stranger(), port, server.usernameFragment() + ":"
                + BROWSER.usernameFragment(), server.password());
        assertNotNull(good, "the right credentials are answered");
        assertTrue(isSuccess(good), "with a binding success");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (transport.verifiedAddressCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, transport.verifiedAddressCount(), "and only then may the sender go on to DTLS and SRTP");
    }

    @Test
    void badChecksDoNotDisturbAConnectedTransport() throws Exception {
        IceDtlsTransportFactory factory = factory();
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory.create("media", handler);
        transport.addIncomingStreams(77);
        transport.addOutgoingStreams(78);
        TestPeer peer = TestPeer.create();
        toClose.add(peer);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
        peer.awaitConnected(Duration.ofSeconds(20));
        assertTrue(handler.awaitState(TransportState.CONNECTED, Duration.ofSeconds(20)));
        int addresses = transport.verifiedAddressCount();
        IceParameters server = transport.localIceParameters();
        String peerUfrag = peer.iceParameters().usernameFragment();

        assertNull(StunProbe.bindingRequest(stranger(), factory.port(), "guess:" + peerUfrag, server.password()));
        assertNotSuccess(StunProbe.bindingRequest(stranger(), factory.port(), server.usernameFragment() + ":"
                + peerUfrag, "guessed-password-0123456789"), "wrong password on a connected transport");

        assertEquals(TransportState.CONNECTED, transport.state());
        assertEquals(addresses, transport.verifiedAddressCount(), "no address let through for an attacker");
        byte[] up = RtpPackets.rtp(77, 96, 1, 1, "still mine".getBytes(StandardCharsets.UTF_8));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS));
        byte[] down = RtpPackets.rtp(78, 96, 1, 1, "only to the participant".getBytes(StandardCharsets.UTF_8));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS));
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED), handler.states);
    }

    private static void assertNotSuccess(byte[] answer, String what) {
        assertTrue(answer == null || !isSuccess(answer), what + ": no binding success");
    }

    private static boolean isSuccess(byte[] answer) {
        return StunBinding.isSuccessResponse(answer, answer.length, StunBinding.transactionId(answer));
    }

    private static int freePort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
