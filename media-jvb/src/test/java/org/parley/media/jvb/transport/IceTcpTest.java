package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.DtlsSrtpHandshake;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.StunBinding;

/**
 * ICE over TCP (RFC 6544, RFC 4571 framing) for participants whose network blocks UDP: the server advertises passive
 * TCP candidates below its UDP ones, answers verified checks on a connection, and runs DTLS and SRTP over it.
 */
class IceTcpTest {

    private static final IceParameters BROWSER = new IceParameters("brws", "browser-password-0123456789");
    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IceDtlsTransportFactory factory() throws Exception {
        int udp;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp = probe.getLocalPort();
        }
        IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", udp, Optional.empty()).withIceTcp(new MediaSettings.IceTcp(0)));
        toClose.add(factory);
        return factory;
    }

    private FramedTcp connect(int port) throws Exception {
        FramedTcp tcp = new FramedTcp(port);
        toClose.add(tcp);
        return tcp;
    }

    @Test
    void passiveTcpCandidatesComeAfterUdpAndBelowItInPriority() throws Exception {
        IceDtlsTransportFactory factory = factory();
        IceDtlsTransport transport = factory.create("t", new RecordingHandler());
        List<IceCandidate> candidates = transport.localCandidates();

        IceCandidate udp = candidates.stream().filter(c -> c.protocol().equals("udp")).findFirst().orElseThrow();
        IceCandidate tcp = candidates.stream().filter(c -> c.protocol().equals("tcp")).findFirst().orElseThrow();
        assertEquals("passive", tcp.tcpType());
        assertEquals(factory.tcpPort(), tcp.port());
        assertEquals("127.0.0.1", tcp.address());
        assertTrue(tcp.priority() < udp.priority(), "UDP is preferred where it works");
        assertTrue(!tcp.foundation().equals(udp.foundation()), "another transport, another foundation");
    }

    @Test
    void aVerifiedCheckOverTcpCarriesDtlsAndMediaOnThatConnection() throws Exception {
        IceDtlsTransportFactory factory = factory();
        RecordingHandler handler = new RecordingHandler();
        IceDtlsTransport transport = factory.create("over-tcp", handler);
        DtlsSrtpHandshake dtls = new DtlsSrtpHandshake();
        transport.connect(BROWSER, dtls.fingerprint());
        IceParameters server = transport.localIceParameters();
        FramedTcp browser = connect(factory.tcpPort());

        byte[] wrong = StunBinding.request(server.usernameFragment() + ":" + BROWSER.usernameFragment(), "not-it", true);
        browser.write(wrong);
        assertNull(browser.read(700), "a check with a wrong password gets no answer");

        byte[] check = StunBinding.request(server.usernameFragment() + ":" + BROWSER.usernameFragment(),
                server.password(), true);
        browser.write(check);
        byte[] answer = browser.read(5000);
        assertNotNull(answer, "the verified check is answered in a frame on the same connection");
        assertTrue(StunBinding.isSuccessResponse(answer, answer.length, StunBinding.transactionId(check)));
        // The answer leaves before the server records the nomination, on the same thread: wait for it, bounded.
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (!transport.hasSelectedPair() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(transport.hasSelectedPair(), "USE-CANDIDATE nominated the TCP pair");

        dtls.handshake(browser, transport.localFingerprint(), 10_000);
        assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT), "DTLS over the TCP connection");

        int ssrc = 0x1234_5678;
        transport.addOutgoingStreams(ssrc);
        byte[] rtp = RtpPackets.rtp(ssrc, 96, 1, 3000, new byte[200]);
        transport.sendRtp(rtp, 0, rtp.length, null);
        byte[] media = browser.read(5000);
        assertNotNull(media, "media leaves on the TCP connection");
        assertEquals(0x80, media[0] & 0xC0, "an SRTP packet in a frame of its own");
        assertEquals(rtp.length + 16, media.length, "the RTP packet, encrypted, with its authentication tag");
        assertEquals(1, factory.openCount());
        var traffic = factory.traffic();
        assertEquals(1, traffic.packetsSent(), "counted for metrics");
        assertEquals(rtp.length, traffic.bytesSent());
    }

    @Test
    void aConnectionThatSendsMediaBeforeAnyCheckVerifiesIsClosed() throws Exception {
        IceDtlsTransportFactory factory = factory();
        IceDtlsTransport transport = factory.create("t", new RecordingHandler());
        transport.connect(BROWSER, new DtlsSrtpHandshake().fingerprint());
        FramedTcp stranger = connect(factory.tcpPort());
        stranger.write(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0}); // a DTLS record
        assertTrue(stranger.closedByServer(5000), "DTLS from a connection nobody verified closes it");
        assertEquals(0, transport.verifiedAddressCount());
    }
}
