package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.routing.RoutingFixture.audio;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

class RtpForwardingTest {

    private static final long VIDEO = 0x11111111L;
    private static final long VIDEO_RTX = 0xF1111112L;
    private static final long AUDIO = 0x22222222L;

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final JvbRouter otherRoom = fixture.router("room-2");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();
    private final JvbProducer aliceVideo = alice.transport().produce(video(VIDEO, VIDEO_RTX));

    /** A consumer's SSRC for the media (slot 0) or RTX (slot 1) of a one-encoding track. */
    private static long ssrcOf(JvbConsumer consumer, boolean rtx) {
        var encoding = consumer.rtpParameters().encodings().get(0);
        return rtx ? encoding.rtxSsrc() : encoding.ssrc();
    }

    @Test
    void forwardsMediaToEachConsumerUnderTheConsumersOwnSsrc() {
        Participant dave = fixture.join(room, "dave").connected();
        JvbConsumer toBob = bob.transport().consume(aliceVideo);
        JvbConsumer toDave = dave.transport().consume(aliceVideo);
        byte[] media = TestPackets.rtp(VIDEO, 96, 1000, new byte[] {9, 8, 7, 6});

        alice.wire().receiveRtp(media);

        assertArrayEquals(TestPackets.rtp(ssrcOf(toBob, false), 96, 1000, new byte[] {9, 8, 7, 6}), bob.wire().sentRtp.get(0));
        assertArrayEquals(TestPackets.rtp(ssrcOf(toDave, false), 96, 1000, new byte[] {9, 8, 7, 6}), dave.wire().sentRtp.get(0));
        assertEquals(1, bob.wire().sentRtp.size());
        assertEquals(1, dave.wire().sentRtp.size());
        assertEquals(0, alice.wire().sentRtp.size(), "nothing echoed to the sender");
    }

    /** Firefox numbers VP8 120 and RTX 124 where Chromium says 96 and 97: each subscriber gets its own numbers. */
    @Test
    void aSubscriberGetsEachPacketInItsOwnNumbering() {
        Participant firefox = fixture.join(room, "firefox").connected();
        JvbConsumer toFirefox = firefox.transport().consume(aliceVideo,
                List.of(new RtpCodec(120, "VP8", 90000, 0, "", List.of("nack")), new RtpCodec(124, "rtx", 90000, 0, "apt=120", List.of())),
                List.of(new RtpHeaderExtension(5, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")));
        JvbConsumer toBob = bob.transport().consume(aliceVideo);
        byte[] media = TestPackets.rtp(VIDEO, 96, 1000, new byte[] {9, 8, 7, 6});

        alice.wire().receiveRtp(media);

        assertEquals(120, firefox.wire().sentRtp.get(0)[1] & 0x7F);
        assertArrayEquals(TestPackets.rtp(ssrcOf(toBob, false), 96, 1000, new byte[] {9, 8, 7, 6}), bob.wire().sentRtp.get(0),
                "bob numbers it as alice does: only the SSRC is his consumer's");
        assertArrayEquals(TestPackets.rtp(VIDEO, 96, 1000, new byte[] {9, 8, 7, 6}), media, "the received packet itself is never modified");
        firefox.wire().receiveRtcp(TestPackets.nack(0xF1, ssrcOf(toFirefox, false), 1000, 0));
        assertEquals(124, firefox.wire().sentRtp.get(1)[1] & 0x7F, "the retransmission under the subscriber's RTX");
    }

    @Test
    void packetsOfACodecTheSubscriberDoesNotTakeAreDroppedAndCounted() {
        Participant noRtx = fixture.join(room, "no-rtx").connected();
        JvbConsumer consumer = noRtx.transport().consume(aliceVideo,
                List.of(new RtpCodec(100, "VP8", 90000, 0, "", List.of("nack"))), List.of());

        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1001, new byte[] {1}));
        noRtx.wire().receiveRtcp(TestPackets.nack(0xF1, ssrcOf(consumer, false), 1001, 0));

        assertEquals(1, noRtx.wire().sentRtp.size(), "only the VP8 packet");
        assertEquals(1, noRtx.transport().codecNotTakenPackets());
    }

    @Test
    void aConsumerNumberingThatIsNotTheProducersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> bob.transport().consume(aliceVideo,
                List.of(new RtpCodec(98, "VP9", 90000, 0, "", List.of())), List.of()));
        assertThrows(IllegalArgumentException.class, () -> bob.transport().consume(aliceVideo,
                List.of(new RtpCodec(96, "VP8", 90000, 0, "", List.of())), List.of(new RtpHeaderExtension(2, "urn:x"))));
    }

    @Test
    void sendsOnlyToConsumersWhoseTransportIsConnected() {
        Participant late = fixture.join(room, "late");
        JvbConsumer consumer = late.transport().consume(aliceVideo);

        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[8]));
        late.connected();
        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 2, new byte[8]));

        assertEquals(1, late.wire().sentRtp.size());
        assertArrayEquals(TestPackets.rtp(ssrcOf(consumer, false), 96, 2, new byte[8]), late.wire().sentRtp.get(0));
    }

    @Test
    void roomsNeverExchangeMedia() {
        Participant carol = fixture.join(otherRoom, "carol").connected();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> carol.transport().consume(aliceVideo));
        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[8]));

        assertTrue(refused.getMessage().contains("another room"), refused.getMessage());
        assertEquals(0, carol.wire().sentRtp.size());
    }

    @Test
    void dropsAndCountsPacketsOfUnknownSsrcsAndMalformedOnes() {
        bob.transport().consume(aliceVideo);

        alice.wire().receiveRtp(TestPackets.rtp(0x99, 96, 1, new byte[8]));
        alice.wire().receiveRtp(new byte[] {(byte) 0x80, 96, 0, 1, 0});
        bob.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[8])); // bob does not send alice's SSRC

        assertEquals(1, alice.transport().unknownSsrcPackets());
        assertEquals(1, alice.transport().malformedPackets());
        assertEquals(1, bob.transport().unknownSsrcPackets());
        assertEquals(0, bob.wire().sentRtp.size());
        assertEquals(0, alice.wire().sentRtp.size());
    }

    @Test
    void aConsumerAnnouncesTheProducersParametersUnderThePublishersIdAndItsOwnSsrcs() {
        JvbConsumer consumer = bob.transport().consume(aliceVideo);

        RtpParameters sent = aliceVideo.rtpParameters();
        RtpParameters announced = consumer.rtpParameters();

        assertEquals(new RtpParameters(sent.kind(), sent.codecs(), announced.encodings(), sent.headerExtensions(), "alice",
                sent.trackId(), sent.cname()), announced);
        long own = ssrcOf(consumer, false);
        long ownRtx = ssrcOf(consumer, true);
        assertTrue(own != 0 && ownRtx != 0 && own != ownRtx && own != VIDEO && ownRtx != VIDEO_RTX, own + " " + ownRtx);
        assertEquals("alice", aliceVideo.participantId());
        assertEquals(aliceVideo, consumer.producer());
    }

    @Test
    void stopsForwardingToAClosedConsumerAndAllowsConsumingAgain() {
        JvbConsumer consumer = bob.transport().consume(aliceVideo);
        consumer.close();
        consumer.close();

        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[8]));
        assertEquals(0, bob.wire().sentRtp.size());
        assertEquals(0, aliceVideo.consumerCount());

        bob.transport().consume(aliceVideo);
        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 2, new byte[8]));
        assertEquals(1, bob.wire().sentRtp.size());
    }

    @Test
    void refusesTracksThatWouldMakeSsrcsAmbiguous() {
        bob.transport().consume(aliceVideo);

        assertThrows(IllegalArgumentException.class, () -> bob.transport().consume(aliceVideo), "twice");
        assertThrows(IllegalArgumentException.class, () -> alice.transport().consume(aliceVideo), "own track");
        assertThrows(IllegalArgumentException.class, () -> alice.transport().produce(audio(VIDEO_RTX)), "SSRC in use");

        alice.transport().produce(audio(AUDIO));
        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[8]));
        assertEquals(1, bob.wire().sentRtp.size(), "failed attempts left routing intact");
    }

    /** Two publishers' streams under one SSRC (each picks its own at random) still reach a subscriber apart. */
    @Test
    void twoPublishersWithTheSameSsrcReachASubscriberUnderTwoSsrcs() {
        Participant eve = fixture.join(room, "eve").connected();
        JvbProducer sameSsrc = eve.transport().produce(video(VIDEO, 0));
        JvbConsumer ofAlice = bob.transport().consume(aliceVideo);
        JvbConsumer ofEve = bob.transport().consume(sameSsrc);

        alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[] {1}));
        eve.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, 1, new byte[] {2}));

        assertTrue(ssrcOf(ofAlice, false) != ssrcOf(ofEve, false));
        assertEquals(0, ssrcOf(ofEve, true), "eve's track has no RTX: no SSRC for it");
        assertArrayEquals(TestPackets.rtp(ssrcOf(ofAlice, false), 96, 1, new byte[] {1}), bob.wire().sentRtp.get(0));
        assertArrayEquals(TestPackets.rtp(ssrcOf(ofEve, false), 96, 1, new byte[] {2}), bob.wire().sentRtp.get(1));
    }

    @Test
    void refusesRtpParametersWithoutUsableSsrcs() {
        RtpParameters none = new RtpParameters(video(1, 0).kind(), video(1, 0).codecs(), List.of(), List.of(), "s", "t", "c");
        IllegalArgumentException noEncodings = assertThrows(IllegalArgumentException.class, () -> bob.transport().produce(none));
        assertTrue(noEncodings.getMessage().contains("encoding"), noEncodings.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bob.transport().produce(video(1L << 32, 0)));
        assertThrows(IllegalArgumentException.class, () -> bob.transport().produce(video(-5, 0)));
        assertThrows(IllegalArgumentException.class, () -> bob.transport().produce(video(7, 7)));
    }
}
