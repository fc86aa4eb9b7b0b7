package org.parley.media.spi.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.Consumer;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.MediaSettings;
import org.parley.media.spi.Producer;
import org.parley.media.spi.Router;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.WebRtcTransport;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;
import org.parley.media.spi.tck.peer.TestPeerOptions;

/**
 * What every media backend must do, checked with real peers (ICE, DTLS, SRTP) over loopback UDP. A backend's tests
 * extend this class and return its provider. See this module's README.
 */
public abstract class MediaBackendCompatibilityTest {

    protected static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int VP8 = 96;
    private static final int VP8_RTX = 97;
    private static final int OPUS = 111;
    private static final int AUDIO_LEVEL_ID = 1;
    private static final int ALICE_VIDEO_SSRC = 0x1A2B3C4D;
    private static final int ALICE_RTX_SSRC = 0x1A2B3C4E;
    private static final int BOB_SSRC = 0x0B0B0B0B;

    private final List<TestPeer> peers = new ArrayList<>();
    private int port;
    private MediaBackend backend;

    /** The backend under test. */
    protected abstract MediaBackendProvider provider();

    /** One participant: the backend's transport and the peer at the other end of it. */
    protected record Participant(WebRtcTransport transport, TestPeer peer, TransportStates states) {}

    @BeforeEach
    void startBackend() throws IOException {
        port = freeUdpPort();
        backend = provider().start(new MediaSettings("127.0.0.1", port, Optional.empty()));
    }

    @AfterEach
    void stopEverything() {
        peers.forEach(TestPeer::close);
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aConsumerReceivesTheProducersRtpWithIdenticalPayloads() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Producer producer = alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC));
        Consumer consumer = bob.transport().consume(producer);

        RtpParameters announced = consumer.rtpParameters();
        assertEquals(MediaKind.VIDEO, announced.kind());
        assertEquals("alice", announced.streamId(), "consumers are announced under the publisher's participant id");
        int announcedSsrc = (int) announced.encodings().get(0).ssrc();
        assertTrue(announced.codecs().stream().anyMatch(c -> c.payloadType() == VP8 && c.mimeSubtype().equals("VP8")));

        Set<Integer> received = new HashSet<>();
        int sent = 0;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (received.size() < 5 && sent < 500 && System.nanoTime() < deadline) {
            sent++;
            alice.peer().sendRtp(RtpPackets.rtp(ALICE_VIDEO_SSRC, VP8, sent, sent * 3000L, payload(sent)));
            byte[] packet = bob.peer().receivedRtp().poll(50, TimeUnit.MILLISECONDS);
            while (packet != null) {
                assertEquals(announcedSsrc, RtpPackets.ssrc(packet));
                assertEquals(VP8, RtpPackets.payloadType(packet));
                int index = ByteBuffer.wrap(RtpPackets.payload(packet)).getInt();
                assertArrayEquals(payload(index), RtpPackets.payload(packet), "payload of packet " + index);
                received.add(index);
                packet = bob.peer().receivedRtp().poll();
            }
        }
        assertTrue(received.size() >= 5, "bob received " + received.size() + " of " + sent + " packets");
        assertEquals(0, bob.peer().rejectedCount(), "every packet bob received passed SRTP authentication");
        assertEquals(1, backend.routerCount());
    }

    /** Browsers number codecs as they please (Firefox's VP8 is 120): each consumer gets its subscriber's numbering. */
    @Test
    void aConsumerReceivesEachPacketUnderItsSubscribersPayloadType() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Producer producer = alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC));
        Consumer consumer = bob.transport().consume(producer,
                List.of(new RtpCodec(120, "VP8", 90000, 0, "", List.of("nack")),
                        new RtpCodec(124, "rtx", 90000, 0, "apt=120", List.of())),
                List.of());

        assertEquals(List.of(120, 124), consumer.rtpParameters().codecs().stream().map(RtpCodec::payloadType).toList());
        byte[] received = null;
        for (int sequence = 1; received == null && sequence <= 200; sequence++) {
            alice.peer().sendRtp(RtpPackets.rtp(ALICE_VIDEO_SSRC, VP8, sequence, sequence * 3000L, payload(sequence)));
            received = bob.peer().receivedRtp().poll(50, TimeUnit.MILLISECONDS);
        }
        assertTrue(received != null, "bob received alice's video");
        assertEquals(120, RtpPackets.payloadType(received));
        int index = ByteBuffer.wrap(RtpPackets.payload(received)).getInt();
        assertArrayEquals(payload(index), RtpPackets.payload(received));
    }

    /**
     * A long meeting: a subscriber stays while tracks come and go (40 people with camera and microphone, or fewer
     * who reload their page: each time new SSRCs). The last track reaches them like the first: nothing a backend
     * keeps per stream may run out.
     */
    @Test
    void aSubscriberKeepsReceivingWhileEightyTracksComeAndGo() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");

        for (int track = 1; track <= 80; track++) {
            int ssrc = 0x4000_0000 + track * 2;
            Producer producer = alice.transport().produce(video(ssrc, ssrc + 1));
            int announced = (int) bob.transport().consume(producer).rtpParameters().encodings().get(0).ssrc();
            boolean received = false;
            for (int sequence = 1; !received && sequence <= 200; sequence++) {
                alice.peer().sendRtp(RtpPackets.rtp(ssrc, VP8, sequence, sequence * 3000L, payload(sequence)));
                byte[] packet = bob.peer().receivedRtp().poll(50, TimeUnit.MILLISECONDS);
                received = packet != null && RtpPackets.ssrc(packet) == announced;
            }
            assertTrue(received, "track " + track + " (SSRC " + Integer.toUnsignedString(ssrc) + ") reached bob");
            producer.close();
            bob.peer().receivedRtp().clear();
        }
        assertEquals(0, bob.peer().rejectedCount(), "every packet bob received passed SRTP authentication");
    }

    @Test
    void aPliFromTheConsumerReachesTheProducer() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Consumer consumer = bob.transport().consume(alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC)));
        int announcedSsrc = (int) consumer.rtpParameters().encodings().get(0).ssrc();

        awaitRtcp(alice, compound -> RtcpProbe.containsPli(compound, ALICE_VIDEO_SSRC),
                () -> bob.peer().sendRtcp(RtcpProbe.pli(BOB_SSRC, announcedSsrc)), "bob's PLI reaching alice");
    }

    /**
     * A publisher hears about its own link to the server: a report block about its stream, written by the backend
     * from what reached it (a subscriber's loss is that subscriber's link's, and is not passed on).
     */
    @Test
    void thePublisherGetsReceiverReportsAboutItsOwnStream() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        bob.transport().consume(alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC)));
        int[] sequence = {0};

        byte[] compound = awaitRtcp(alice, c -> RtcpProbe.reportBlock(c, ALICE_VIDEO_SSRC) != null, () -> {
            for (int i = 0; i < 5; i++) {
                sequence[0]++;
                alice.peer().sendRtp(RtpPackets.rtp(ALICE_VIDEO_SSRC, VP8, sequence[0], sequence[0] * 3000L, payload(sequence[0])));
            }
        }, "a report block about alice's video reaching alice");

        byte[] block = RtcpProbe.reportBlock(compound, ALICE_VIDEO_SSRC);
        int highest = ByteBuffer.wrap(block, 8, 4).getInt();
        assertTrue(highest >= 1 && highest <= sequence[0], "the highest sequence number it received: " + highest);
    }

    @Test
    void requestingAKeyFrameSendsThePublisherAPli() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Consumer consumer = bob.transport().consume(alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC)));

        awaitRtcp(alice, compound -> RtcpProbe.containsPli(compound, ALICE_VIDEO_SSRC), consumer::requestKeyFrame,
                "a PLI for alice's video after consumer.requestKeyFrame()");
    }

    /** The room's dominant speaker is whoever speaks, from the audio levels in their packets (RFC 6464). */
    @Test
    void theDominantSpeakerIsAnnouncedWhenItChanges() throws Exception {
        Router room = backend.createRouter("room-1");
        List<String> speakers = new java.util.concurrent.CopyOnWriteArrayList<>();
        room.observeSpeakers(speakers::add, 0);
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        alice.transport().produce(audioWithLevels(0xA1));
        bob.transport().produce(audioWithLevels(0xB1));

        int[] sequence = {0};
        Runnable aliceSpeaks = () -> speak(alice, bob, sequence, 0xA1, 0xB1);
        Runnable bobSpeaks = () -> speak(bob, alice, sequence, 0xB1, 0xA1);
        awaitSpeakers(speakers, List.of("alice"), aliceSpeaks);
        awaitSpeakers(speakers, List.of("alice", "bob"), bobSpeaks);
    }

    /** Half a second of 20 ms audio frames: {@code speaker} loud (-20 dBov), {@code listener} silent. */
    private static void speak(Participant speaker, Participant listener, int[] sequence, int speakerSsrc, int listenerSsrc) {
        for (int i = 0; i < 25; i++) {
            sequence[0]++;
            speaker.peer().sendRtp(RtpPackets.rtpWithAudioLevel(speakerSsrc, OPUS, sequence[0], sequence[0] * 960L,
                    AUDIO_LEVEL_ID, 20, new byte[40]));
            listener.peer().sendRtp(RtpPackets.rtpWithAudioLevel(listenerSsrc, OPUS, sequence[0], sequence[0] * 960L,
                    AUDIO_LEVEL_ID, 127, new byte[40]));
            try {
                Thread.sleep(20); // paced as a microphone is: the level is judged over time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitSpeakers(List<String> speakers, List<String> expected, Runnable action) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!speakers.equals(expected) && System.nanoTime() < deadline) {
            action.run();
        }
        assertEquals(expected, speakers);
    }

    @Test
    void roomsNeverExchangeMedia() throws Exception {
        Router room = backend.createRouter("room-1");
        Router otherRoom = backend.createRouter("room-2");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Participant carol = connected(otherRoom, "carol");
        Producer producer = alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC));
        bob.transport().consume(producer);

        assertThrows(IllegalArgumentException.class, () -> carol.transport().consume(producer));
        int received = 0;
        for (int sequence = 1; received < 3 && sequence <= 500; sequence++) {
            alice.peer().sendRtp(RtpPackets.rtp(ALICE_VIDEO_SSRC, VP8, sequence, sequence * 3000L, payload(sequence)));
            alice.peer().sendRtcp(RtcpProbe.receiverReport(ALICE_VIDEO_SSRC, BOB_SSRC, 0, 0, 1));
            if (bob.peer().receivedRtp().poll(50, TimeUnit.MILLISECONDS) != null) {
                received++;
            }
        }

        assertEquals(3, received, "alice's media flows in her own room");
        assertNull(carol.peer().receivedRtp().poll(300, TimeUnit.MILLISECONDS), "carol, in another room, got RTP");
        assertNull(carol.peer().receivedRtcp().poll(), "carol, in another room, got RTCP");
    }

    @Test
    void closingTheProducersTransportClosesItsProducerAndTheirConsumers() throws Exception {
        Router room = backend.createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Producer producer = alice.transport().produce(video(ALICE_VIDEO_SSRC, ALICE_RTX_SSRC));
        Consumer consumer = bob.transport().consume(producer);

        alice.transport().close();
        alice.transport().close();

        assertTrue(producer.isClosed(), "alice's producer");
        assertTrue(consumer.isClosed(), "bob's consumer of alice's producer");
        assertEquals(TransportState.CLOSED, alice.transport().state());
        assertTrue(alice.states().await(TransportState.CLOSED, DEADLINE), "CLOSED reported");
        assertEquals(TransportState.CONNECTED, bob.transport().state(), "bob is unaffected");
        assertThrows(IllegalStateException.class, () -> bob.transport().consume(producer));
    }

    @Test
    void aPeerWhoseCertificateDoesNotMatchItsFingerprintFails() throws Exception {
        Router room = backend.createRouter("room-1");
        TestPeer impostor = peer(TestPeerOptions.defaults().withMismatchedCertificate());
        TransportStates states = new TransportStates();
        WebRtcTransport transport = room.createWebRtcTransport("impostor", states);

        transport.connect(impostor.iceParameters(), impostor.fingerprint());
        impostor.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());

        assertTrue(states.await(TransportState.FAILED, DEADLINE), "FAILED reported; states seen: " + states.seen());
        assertEquals(TransportState.FAILED, transport.state());
        assertTrue(!states.seen().contains(TransportState.CONNECTED), "never connected: " + states.seen());
    }

    @Test
    void closingTheBackendFreesTheUdpPort() throws Exception {
        Router room = backend.createRouter("room-1");
        connected(room, "alice");
        assertThrows(SocketException.class, () -> bindExclusively(port).close(), "the backend holds the port");

        backend.close();

        assertEquals(0, backend.routerCount());
        try (DatagramSocket socket = bindExclusively(port)) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    // ---- helpers, also for backends' own end-to-end tests ----

    /** The backend under test, started on 127.0.0.1 and a free port for each test. */
    protected MediaBackend backend() {
        return backend;
    }

    /** A participant whose transport is connected at both ends. */
    protected Participant connected(Router router, String participantId) throws InterruptedException {
        TestPeer peer = peer(TestPeerOptions.defaults());
        TransportStates states = new TransportStates();
        WebRtcTransport transport = router.createWebRtcTransport(participantId, states);
        transport.connect(peer.iceParameters(), peer.fingerprint());
        peer.connect(transport.localIceParameters(), transport.localCandidates(), transport.localFingerprint());
        peer.awaitConnected(DEADLINE);
        assertTrue(states.await(TransportState.CONNECTED, DEADLINE),
                participantId + "'s transport did not connect; states seen: " + states.seen());
        return new Participant(transport, peer, states);
    }

    private TestPeer peer(TestPeerOptions options) {
        TestPeer peer = TestPeer.create(options.withTimeout(DEADLINE));
        peers.add(peer);
        return peer;
    }

    /** Opus with the audio level header extension, as a browser would offer it. */
    protected static RtpParameters audioWithLevels(int ssrc) {
        return new RtpParameters(MediaKind.AUDIO, List.of(new RtpCodec(OPUS, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of())),
                List.of(new RtpEncoding(Integer.toUnsignedLong(ssrc), 0)),
                List.of(new RtpHeaderExtension(AUDIO_LEVEL_ID, RtpHeaderExtension.AUDIO_LEVEL)),
                "stream-" + ssrc, "track-" + ssrc, "cname-" + ssrc);
    }

    /** Video with VP8 and RTX, as a browser would offer it. */
    protected static RtpParameters video(int ssrc, int rtxSsrc) {
        return new RtpParameters(MediaKind.VIDEO,
                List.of(new RtpCodec(VP8, "VP8", 90000, 0, "", List.of("nack", "nack pli", "ccm fir")),
                        new RtpCodec(VP8_RTX, "rtx", 90000, 0, "apt=" + VP8, List.of())),
                List.of(new RtpEncoding(Integer.toUnsignedLong(ssrc), Integer.toUnsignedLong(rtxSsrc))),
                List.of(), "stream-" + ssrc, "track-" + ssrc, "cname-" + ssrc);
    }

    /** A payload that says which packet it is, so a receiver can check it arrived intact. */
    private static byte[] payload(int index) {
        ByteBuffer payload = ByteBuffer.allocate(200).putInt(index);
        while (payload.hasRemaining()) {
            payload.put((byte) (index * 31 + payload.position()));
        }
        return payload.array();
    }

    /**
     * Repeats {@code action} (RTCP may be rate-limited or lost) until {@code participant} received a compound RTCP
     * packet passing {@code check}, and returns that packet.
     */
    protected static byte[] awaitRtcp(Participant participant, Predicate<byte[]> check, Runnable action, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int attempt = 0; attempt < 100 && System.nanoTime() < deadline; attempt++) {
            action.run();
            long wait = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            byte[] compound;
            while ((compound = participant.peer().receivedRtcp().poll(Math.max(1, wait - System.nanoTime()),
                    TimeUnit.NANOSECONDS)) != null) {
                if (check.test(compound)) {
                    return compound;
                }
            }
        }
        return fail(what + " did not happen within " + DEADLINE);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Binds without SO_REUSEADDR, so this fails while anyone else holds the port (ice4j sets SO_REUSEADDR). */
    private static DatagramSocket bindExclusively(int port) throws SocketException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (SocketException e) {
            socket.close();
            throw e;
        }
    }
}
