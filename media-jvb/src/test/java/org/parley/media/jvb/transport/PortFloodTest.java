package org.parley.media.jvb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.StunBinding;
import org.parley.media.spi.tck.peer.TestPeer;

/**
 * Nothing is kept for a datagram until it proves itself. The media port is sprayed, from 5,000 source ports, with
 * binding requests carrying a participant's real ufrag and a wrong password (the ufrag is in that participant's own
 * answer, so anyone in the room could learn it), and with random DTLS and SRTP from those unverified addresses. The
 * process's threads, file descriptors and heap after GC stay where they were, and the call in progress keeps its media.
 */
class PortFloodTest {

    private static final int SOURCES = 5_000;
    private static final Duration CONNECT = Duration.ofSeconds(20);

    @Test
    void aSprayOfBadChecksAndStrangersPacketsCostsNothingAndTheCallGoesOn() throws Exception {
        try (IceDtlsTransportFactory factory = new IceDtlsTransportFactory(
                new MediaSettings("127.0.0.1", 0, Optional.empty()));
             TestPeer peer = TestPeer.create()) {
            RecordingHandler handler = new RecordingHandler();
            IceDtlsTransport transport = factory.create("in-a-call", handler);
            transport.addIncomingStreams(7);
            transport.addOutgoingStreams(8);
            transport.connect(peer.iceParameters(), peer.fingerprint());
            peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
            peer.awaitConnected(CONNECT);
            assertTrue(handler.awaitState(TransportState.CONNECTED, CONNECT));
            exchangeMedia(transport, peer, handler, 1);

            Footprint before = Footprint.now();
            IceParameters server = transport.localIceParameters();
            String username = server.usernameFragment() + ":" + peer.iceParameters().usernameFragment();
            Random random = new Random(7);
            byte[] junk = new byte[200];
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int i = 0; i < SOURCES; i++) {
                try (DatagramSocket source = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                    byte[] check = StunBinding.request(username, "wrong-password-" + i);
                    source.send(new DatagramPacket(check, check.length, loopback, factory.port()));
                    random.nextBytes(junk);
                    junk[0] = 22; // a DTLS handshake record
                    source.send(new DatagramPacket(junk, junk.length, loopback, factory.port()));
                    junk[0] = (byte) 0x80; // RTP, or SRTP as far as anyone can tell
                    source.send(new DatagramPacket(junk, junk.length, loopback, factory.port()));
                }
                if (i % 500 == 0) {
                    exchangeMedia(transport, peer, handler, 2 + i); // the call goes on meanwhile
                }
            }
            long refused = settle(transport::refusedChecks);
            long strangers = settle(() -> factory.portStats().droppedUnverified());

            assertTrue(refused >= SOURCES * 9 / 10, "refused checks: " + refused); // loopback may drop a few
            assertTrue(strangers >= 2 * SOURCES * 9 / 10, "dropped DTLS and SRTP from strangers: " + strangers);
            assertEquals(1, factory.portStats().verifiedAddresses(), "only the participant's address is let through");
            Footprint after = Footprint.now();
            assertTrue(after.threads() <= before.threads() + 2, "threads " + before + " → " + after);
            assertTrue(after.fileDescriptors() <= before.fileDescriptors() + 10, "descriptors " + before + " → " + after);
            assertTrue(after.heapBytes() <= before.heapBytes() + 16 * 1024 * 1024, "heap " + before + " → " + after);
            assertEquals(TransportState.CONNECTED, transport.state());
            exchangeMedia(transport, peer, handler, 9_999);
        }
    }

    private static void exchangeMedia(IceDtlsTransport transport, TestPeer peer, RecordingHandler handler, int n)
            throws InterruptedException {
        byte[] up = RtpPackets.rtp(7, 96, n & 0xFFFF, n, ("up " + n).getBytes(StandardCharsets.UTF_8));
        peer.sendRtp(up);
        assertArrayEquals(up, handler.rtp.poll(10, TimeUnit.SECONDS));
        byte[] down = RtpPackets.rtp(8, 96, n & 0xFFFF, n, ("down " + n).getBytes(StandardCharsets.UTF_8));
        transport.sendRtp(down, 0, down.length);
        assertArrayEquals(down, peer.receivedRtp().poll(10, TimeUnit.SECONDS));
    }

    /** A counter once it stopped moving for half a second (the port's threads may still be reading the spray). */
    private static long settle(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = counter.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        return last;
    }

    private record Footprint(int threads, long fileDescriptors, long heapBytes) {
        static Footprint now() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Footprint(ManagementFactory.getThreadMXBean().getThreadCount(), fds.count(), heap);
            }
        }
    }
}
