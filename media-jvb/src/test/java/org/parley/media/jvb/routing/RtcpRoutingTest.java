package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.TestPackets.concat;
import static org.parley.media.jvb.TestPackets.fir;
import static org.parley.media.jvb.TestPackets.nack;
import static org.parley.media.jvb.TestPackets.pli;
import static org.parley.media.jvb.TestPackets.remb;
import static org.parley.media.jvb.TestPackets.reportBlock;
import static org.parley.media.jvb.TestPackets.rr;
import static org.parley.media.jvb.TestPackets.sdes;
import static org.parley.media.jvb.TestPackets.sr;
import static org.parley.media.jvb.routing.RoutingFixture.audio;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.util.Arrays;
import java.util.Random;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.routing.RoutingFixture.Participant;

class RtcpRoutingTest {

    private static final long ALICE_VIDEO = 0xA0000001L;
    private static final long ALICE_AUDIO = 0xA0000002L;
    private static final long EVE_VIDEO = 0xE0000001L;
    private static final long BOB_RECEIVER = 0xB0000001L;
    /** The router's own RTCP sender SSRC (see {@link RoutingFixture#router}). */
    private static final long ROUTER = 0x5EED;

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();
    private final Participant eve = fixture.join(room, "eve").connected();
    private final JvbProducer aliceVideo = alice.transport().produce(video(ALICE_VIDEO, ALICE_VIDEO + 100));
    private final JvbProducer aliceAudio = alice.transport().produce(audio(ALICE_AUDIO));
    private final JvbProducer eveVideo = eve.transport().produce(video(EVE_VIDEO, 0));
    private final JvbConsumer bobOfAliceVideo = bob.transport().consume(aliceVideo);
    private final JvbConsumer bobOfAliceAudio = bob.transport().consume(aliceAudio);
    private final JvbConsumer bobOfEveVideo = bob.transport().consume(eveVideo);
    private final JvbConsumer aliceOfEveVideo = alice.transport().consume(eveVideo);
    /** What bob calls alice's video, alice's audio and eve's video: each consumer's own SSRC. */
    private final long bobsAliceVideo = ssrcOf(bobOfAliceVideo);
    private final long bobsAliceAudio = ssrcOf(bobOfAliceAudio);
    private final long bobsEveVideo = ssrcOf(bobOfEveVideo);

    private static long ssrcOf(JvbConsumer consumer) {
        return consumer.rtpParameters().encodings().get(0).ssrc();
    }

    /**
     * What goes to a publisher goes in the router's name (one SRTCP stream there, however many subscribers come and
     * go) and about the publisher's own SSRC.
     */
    private static byte[] toPublisher(byte[] feedback, int ssrcAt, long publishersSsrc) {
        byte[] copy = feedback.clone();
        Bytes.writeInt(copy, 4, (int) ROUTER);
        Bytes.writeInt(copy, ssrcAt, (int) publishersSsrc);
        return copy;
    }

    @Test
    void forwardsAPublishersSenderReportToItsConsumersWithoutReportBlocks() {
        byte[] senderReport = sr(ALICE_VIDEO, reportBlock(ssrcOf(aliceOfEveVideo), 5));

        alice.wire().receiveRtcp(concat(senderReport, sdes(ALICE_VIDEO, "alice-cname")));

        assertEquals(1, bob.wire().sentRtcp.size());
        byte[] forwarded = bob.wire().sentRtcp.get(0);
        byte[] expected = Arrays.copyOf(senderReport, 28);
        expected[0] = (byte) 0x80; // RC 0
        expected[3] = 6;           // 28 bytes
        Bytes.writeInt(expected, 4, (int) bobsAliceVideo);
        assertArrayEquals(expected, forwarded, "alice's timestamps, under bob's SSRC for her video");
        assertEquals(0, eve.wire().sentRtcp.size(), "what alice's report says about eve's track ends here");
        assertEquals(0, alice.wire().sentRtcp.size());
    }

    /** A subscriber's loss is its own link's: it must not make the publisher send worse video to everyone. */
    @Test
    void subscribersReportBlocksEndAtTheServer() {
        bob.wire().receiveRtcp(concat(rr(BOB_RECEIVER, reportBlock(bobsAliceVideo, 10), reportBlock(bobsEveVideo, 20),
                reportBlock(0x12345678L, 40), reportBlock(bobsAliceAudio, 30)), sdes(BOB_RECEIVER, "bob")));

        assertEquals(0, alice.wire().sentRtcp.size());
        assertEquals(0, eve.wire().sentRtcp.size());
        assertEquals(0, bob.wire().sentRtcp.size());
    }

    @Test
    void thePublisherHearsFromTheServerAboutItsOwnLinkAndHowMuchTheServerTakes() {
        for (int sequence = 1; sequence <= 10; sequence++) {
            if (sequence != 5) {
                alice.wire().receiveRtp(TestPackets.rtp(ALICE_VIDEO, 96, sequence, new byte[] {1}));
            }
        }
        byte[] senderReport = sr(ALICE_VIDEO);
        alice.wire().receiveRtcp(senderReport);
        fixture.advanceMillis(200);
        fixture.delayer.runDue();

        List<byte[]> reports = alice.wire().sentRtcp.stream().filter(p -> RtcpHeader.packetType(p, 0) == RtcpHeader.RR).toList();
        assertEquals(1, reports.size(), "one report (beside the server's NACKs for packet 5)");
        byte[] compound = reports.get(0);
        assertEquals(RtcpHeader.RR, RtcpHeader.packetType(compound, 0));
        assertEquals((int) ROUTER, RtcpHeader.senderSsrc(compound, 0));
        assertEquals(1, RtcpHeader.count(compound, 0), "one block: alice's video (her audio sent nothing)");
        assertEquals((int) ALICE_VIDEO, Bytes.readInt(compound, 8));
        assertEquals(25, compound[12] & 0xFF, "1 of 10 lost: fraction 25/256");
        assertEquals(1, Bytes.readInt(compound, 12) & 0xFFFFFF, "cumulative loss");
        assertEquals(10, Bytes.readInt(compound, 16), "highest sequence number");
        assertEquals(Bytes.readInt(senderReport, 10), Bytes.readInt(compound, 24), "LSR: the middle of the SR's NTP time");
        assertEquals(200 * 65_536 / 1000, Bytes.readInt(compound, 28), "DLSR: 200 ms");
        int remb = RtcpHeader.lengthInBytes(compound, 0);
        assertEquals(RtcpHeader.PSFB, RtcpHeader.packetType(compound, remb));
        assertEquals("REMB", new String(compound, remb + 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int field = Bytes.readInt(compound, remb + 16);
        assertEquals(PublisherFeedback.MAX_INCOMING_BITRATE, (long) (field & 0x3FFFF) << ((field >>> 18) & 0x3F), 100_000);
        assertEquals((int) ALICE_VIDEO, Bytes.readInt(compound, remb + 20));
    }

    /** Audio is not retransmitted: a subscriber's audio loss reaches the publisher's report, so Opus adds FEC for it. */
    @Test
    void aSubscribersAudioLossReachesThePublishersReportAboutItsMicrophoneOnly() {
        for (int sequence = 1; sequence <= 10; sequence++) {
            alice.wire().receiveRtp(TestPackets.rtp(ALICE_VIDEO, 96, sequence, new byte[] {1}));
            alice.wire().receiveRtp(TestPackets.rtp(ALICE_AUDIO, 111, sequence, new byte[] {1}));
        }
        bob.wire().receiveRtcp(rr(BOB_RECEIVER, reportBlock(bobsAliceAudio, 30), reportBlock(bobsAliceVideo, 90)));
        fixture.advanceMillis(PublisherFeedback.FIRST_REPORT_NANOS / 1_000_000);
        fixture.delayer.runDue();

        assertEquals(30, fractionLostReportedTo(alice, ALICE_AUDIO), "bob's audio loss, for Opus FEC");
        assertEquals(0, fractionLostReportedTo(alice, ALICE_VIDEO), "video loss is repaired on bob's link: not alice's");

        bob.wire().receiveRtcp(rr(BOB_RECEIVER, reportBlock(bobsAliceAudio, 200)));
        alice.wire().sentRtcp.clear();
        fixture.advanceMillis(1_000);
        fixture.delayer.runDue();
        assertEquals(PublisherFeedback.MAX_AUDIO_LOSS_REPORTED, fractionLostReportedTo(alice, ALICE_AUDIO), "capped");

        alice.wire().sentRtcp.clear();
        fixture.advanceMillis(PublisherFeedback.SUBSCRIBER_REPORT_MAX_AGE_NANOS / 1_000_000);
        fixture.delayer.runDue();
        assertEquals(0, fractionLostReportedTo(alice, ALICE_AUDIO), "a report that lapsed no longer counts");
    }

    /** The fraction lost in the last receiver report block about {@code ssrc} sent to {@code publisher}. */
    private static int fractionLostReportedTo(Participant publisher, long ssrc) {
        int fraction = -1;
        for (byte[] compound : publisher.wire().sentRtcp) {
            if (RtcpHeader.packetType(compound, 0) != RtcpHeader.RR) {
                continue;
            }
            for (int i = 0; i < RtcpHeader.count(compound, 0); i++) {
                int block = RtcpReports.firstBlock(compound, 0) + i * RtcpReports.BLOCK_LENGTH;
                if (RtcpReports.sourceSsrc(compound, block) == (int) ssrc) {
                    fraction = compound[block + 4] & 0xFF;
                }
            }
        }
        return fraction;
    }

    @Test
    void subscribersNacksEndAtTheServer() {
        bob.wire().receiveRtcp(concat(rr(BOB_RECEIVER), nack(BOB_RECEIVER, bobsAliceVideo, 1000, 0b11)));

        assertEquals(0, alice.wire().sentRtcp.size());
        assertEquals(0, eve.wire().sentRtcp.size());
    }

    @Test
    void routesKeyFrameRequestsInTheRoutersNameAtMostOnePerIntervalPerProducer() {
        byte[] firstPli = pli(BOB_RECEIVER, bobsAliceVideo);
        byte[] firAtOnce = fir(BOB_RECEIVER, bobsAliceVideo, 1);
        byte[] firLater = fir(BOB_RECEIVER, bobsAliceVideo, 2);

        bob.wire().receiveRtcp(firstPli);
        bob.wire().receiveRtcp(firAtOnce);
        bob.wire().receiveRtcp(pli(BOB_RECEIVER, bobsEveVideo)); // another producer has its own allowance
        fixture.advanceMillis(299);
        bob.wire().receiveRtcp(pli(BOB_RECEIVER, bobsAliceVideo));
        fixture.advanceMillis(1);
        bob.wire().receiveRtcp(firLater);

        assertEquals(2, alice.wire().sentRtcp.size());
        assertArrayEquals(pli(ROUTER, ALICE_VIDEO), alice.wire().sentRtcp.get(0));
        assertArrayEquals(toPublisher(firLater, 12, ALICE_VIDEO), alice.wire().sentRtcp.get(1), "the FIR's entry names alice's SSRC");
        assertEquals(1, eve.wire().sentRtcp.size());
        fixture.delayer.runDue();
        assertEquals(2, alice.wire().sentRtcp.size(), "the request that passed at 300 ms served those held back");
    }

    @Test
    void aKeyFrameRequestHeldBackIsSentInTheRoutersNameWhenTheIntervalEnds() {
        Participant carol = fixture.join(room, "carol").connected();
        long carolsAliceVideo = ssrcOf(carol.transport().consume(aliceVideo));
        bob.wire().receiveRtcp(pli(BOB_RECEIVER, bobsAliceVideo));
        fixture.advanceMillis(100);
        carol.wire().receiveRtcp(pli(0xC0000001L, carolsAliceVideo)); // a late joiner asks: held back
        carol.wire().receiveRtcp(pli(0xC0000001L, carolsAliceVideo));
        assertEquals(1, alice.wire().sentRtcp.size());

        fixture.advanceMillis(199);
        fixture.delayer.runDue();
        assertEquals(1, alice.wire().sentRtcp.size(), "not before the interval ends");
        fixture.advanceMillis(1);
        fixture.delayer.runDue();

        assertEquals(2, alice.wire().sentRtcp.size(), "one request for both held back");
        assertArrayEquals(pli(0x5EED, ALICE_VIDEO), alice.wire().sentRtcp.get(1));
    }

    @Test
    void noHeldBackRequestIsSentForAClosedTrack() {
        aliceVideo.requestKeyFrame();
        aliceVideo.requestKeyFrame();
        aliceVideo.close();
        fixture.advanceMillis(300);
        fixture.delayer.runDue();
        assertEquals(1, alice.wire().sentRtcp.size());
    }

    @Test
    void dropsRembFeedbackAboutUnconsumedTracksAndKeyFrameRequestsForAudio() {
        Participant stranger = fixture.join(room, "stranger").connected();

        bob.wire().receiveRtcp(remb(BOB_RECEIVER, bobsAliceVideo));
        bob.wire().receiveRtcp(pli(BOB_RECEIVER, bobsAliceAudio));
        stranger.wire().receiveRtcp(concat(rr(1, reportBlock(ALICE_VIDEO, 1)), pli(1, ALICE_VIDEO), nack(1, ALICE_VIDEO, 1, 0)));
        stranger.wire().receiveRtcp(concat(rr(1, reportBlock(bobsAliceVideo, 1)), pli(1, bobsAliceVideo)));

        assertEquals(0, alice.wire().sentRtcp.size());
    }

    @Test
    void requestsKeyFramesFromThePublisherInTheRoutersName() {
        bobOfAliceVideo.requestKeyFrame();
        aliceVideo.requestKeyFrame();             // within 300 ms: held back
        bob.wire().receiveRtcp(pli(BOB_RECEIVER, bobsAliceVideo)); // the same allowance
        fixture.advanceMillis(300);
        aliceVideo.requestKeyFrame();
        aliceAudio.requestKeyFrame();             // audio has no key frames

        assertEquals(2, alice.wire().sentRtcp.size());
        assertEquals(2, room.counters().keyFrameRequests(), "four asked for, two sent (merged)");
        byte[] pli = alice.wire().sentRtcp.get(0);
        int routerSsrc = ((pli[4] & 0xFF) << 24) | ((pli[5] & 0xFF) << 16) | ((pli[6] & 0xFF) << 8) | (pli[7] & 0xFF);
        assertNotEquals(0, routerSsrc);
        assertArrayEquals(pli(routerSsrc & 0xFFFFFFFFL, ALICE_VIDEO), pli);
        assertArrayEquals(pli, alice.wire().sentRtcp.get(1));
    }

    @Test
    void dropsMalformedRtcpWithoutRoutingAnyOfIt() {
        byte[] truncated = concat(pli(BOB_RECEIVER, ALICE_VIDEO), Arrays.copyOf(rr(BOB_RECEIVER, reportBlock(ALICE_VIDEO, 1)), 20));

        bob.wire().receiveRtcp(truncated);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[4 + random.nextInt(60)];
            random.nextBytes(garbage);
            garbage[0] = (byte) (0x80 | garbage[0] & 0x3F);
            garbage[1] = (byte) (200 + random.nextInt(7));
            bob.wire().receiveRtcp(garbage); // must not throw on the receive thread
        }

        assertTrue(bob.transport().malformedPackets() >= 1);
        for (byte[] sent : alice.wire().sentRtcp) {
            // Whatever random input happened to be valid was routed as such: each datagram is one whole RTCP packet.
            assertEquals(sent.length, RtcpHeader.lengthInBytes(sent, 0));
        }
    }
}
