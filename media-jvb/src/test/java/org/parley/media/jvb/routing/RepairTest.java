package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.routing.RoutingFixture.Participant;

/**
 * Each side's losses are repaired on its own link: a subscriber's NACK is answered from the server's cache, to it
 * alone, and the publisher never hears of it; a packet lost on the publisher's link is asked for by the server, once
 * for everyone, and its repair reaches every subscriber.
 */
class RepairTest {

    private static final long VIDEO = 0x11111111L;
    private static final long VIDEO_RTX = 0xF1111112L;

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();
    private final Participant dave = fixture.join(room, "dave").connected();
    private final JvbProducer camera = alice.transport().produce(video(VIDEO, VIDEO_RTX));
    private final JvbConsumer toBob = bob.transport().consume(camera);
    private final JvbConsumer toDave = dave.transport().consume(camera);

    private static byte[] media(int sequence) {
        return TestPackets.rtp(VIDEO, 96, sequence, new byte[] {(byte) sequence, 8, 7, 6});
    }

    private static byte[] retransmission(int rtxSequence, int original) {
        return TestPackets.rtp(VIDEO_RTX, 97, rtxSequence, new byte[] {(byte) (original >> 8), (byte) original, (byte) original, 8, 7, 6});
    }

    private static long ssrcOf(JvbConsumer consumer, boolean rtx) {
        var encoding = consumer.rtpParameters().encodings().get(0);
        return rtx ? encoding.rtxSsrc() : encoding.ssrc();
    }

    private List<byte[]> nacksTo(Participant participant) {
        return participant.wire().sentRtcp.stream()
                .filter(p -> RtcpHeader.packetType(p, 0) == RtcpHeader.RTPFB && RtcpHeader.count(p, 0) == RtcpFeedback.FMT_NACK)
                .toList();
    }

    @Test
    void aSubscribersNackIsAnsweredFromTheCacheToItAloneAndNeverReachesThePublisher() {
        for (int sequence = 1000; sequence <= 1003; sequence++) {
            alice.wire().receiveRtp(media(sequence));
        }

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 1000, 0b10)); // 1000 and 1002 lost on bob's link

        List<byte[]> atBob = bob.wire().sentRtp.subList(4, bob.wire().sentRtp.size());
        assertEquals(2, atBob.size(), "bob gets what he asked for");
        for (byte[] repair : atBob) {
            assertEquals((int) ssrcOf(toBob, true), RtpHeader.ssrc(repair, 0), "under bob's RTX SSRC");
            assertEquals(97, RtpHeader.payloadType(repair, 0));
        }
        assertEquals((RtpHeader.sequenceNumber(atBob.get(0), 0) + 1) & 0xFFFF, RtpHeader.sequenceNumber(atBob.get(1), 0),
                "bob's RTX stream numbers its packets itself, one after the other");
        assertEquals(1000, RtpHeader.originalSequenceNumber(atBob.get(0), 0, atBob.get(0).length));
        assertEquals(1002, RtpHeader.originalSequenceNumber(atBob.get(1), 0, atBob.get(1).length));
        assertArrayEquals(new byte[] {(byte) 1002, 8, 7, 6}, Arrays.copyOfRange(atBob.get(1), 14, 18), "the original payload");
        assertEquals(1002 * 3000, Bytes.readInt(atBob.get(1), 4), "the original timestamp");
        assertEquals(4, dave.wire().sentRtp.size(), "dave asked for nothing and gets no retransmission");
        assertEquals(0, nacksTo(alice).size(), "alice's link lost nothing: she hears of no NACK");
        assertEquals(2, bob.transport().resentPackets());
        // What the metrics count (parley_media_subscriber_lost_packets, _retransmissions, _publisher_lost_packets).
        assertEquals(2, room.counters().subscriberLosses());
        assertEquals(2, room.counters().retransmissions());
        assertEquals(0, room.counters().publisherLosses());
    }

    /** Regression: the upper half of the sequence space was once taken for "another layer's" on one-layer tracks. */
    @Test
    void packetsNumberedAnywhereInTheSequenceSpaceAreResent() {
        for (int sequence : new int[] {40_000, 65_535, 0, 1}) {
            alice.wire().receiveRtp(media(sequence));
        }

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 40_000, 0));
        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 65_535, 0b11));

        List<Integer> resent = bob.wire().sentRtp.subList(4, bob.wire().sentRtp.size()).stream()
                .map(p -> RtpHeader.originalSequenceNumber(p, 0, p.length)).toList();
        assertEquals(List.of(40_000, 65_535, 0, 1), resent);
    }

    /**
     * Media goes out on the publisher's thread while resends go out on the subscriber's: each packet must leave as
     * itself (a resend was once prepared in the same fields as the media packet being sent).
     */
    @Test
    void mediaAndResendsOnTwoThreadsEachLeaveIntact() throws Exception {
        int packets = 30_000;
        java.util.concurrent.atomic.AtomicInteger latest = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread publisher = new Thread(() -> {
            for (int sequence = 0; sequence < packets; sequence++) {
                alice.wire().receiveRtp(TestPackets.rtp(VIDEO, 96, sequence,
                        new byte[] {(byte) (sequence >> 8), (byte) sequence, (byte) 0xAA, 7}));
                latest.set(sequence);
            }
        });
        publisher.start();
        while (publisher.isAlive()) {
            int recent = latest.get() - 3;
            if (recent >= 0) {
                bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), recent, 0b11));
                fixture.advanceMillis(60);
            }
        }
        publisher.join();

        int media = 0;
        int resends = 0;
        for (byte[] packet : bob.wire().sentRtp) {
            int payloadSequence = ((packet[12] & 0xFF) << 8) | (packet[13] & 0xFF);
            if (RtpHeader.ssrc(packet, 0) == (int) ssrcOf(toBob, false)) {
                media++;
                assertEquals(RtpHeader.sequenceNumber(packet, 0), payloadSequence, "a media packet under its own number");
                assertEquals((byte) 0xAA, packet[14]);
            } else {
                resends++;
                assertEquals((int) ssrcOf(toBob, true), RtpHeader.ssrc(packet, 0));
                int original = RtpHeader.originalSequenceNumber(packet, 0, packet.length);
                assertEquals(original, ((packet[14] & 0xFF) << 8) | (packet[15] & 0xFF), "a resend of the packet it names");
            }
        }
        assertEquals(packets, media);
        assertTrue(resends > 0, "some packets were resent meanwhile");
    }

    @Test
    void aSubscriberAsksForAtMostItsBudgetOfPacketsASecondAndTheRestIsIgnored() {
        for (int sequence = 1000; sequence < 1300; sequence++) {
            alice.wire().receiveRtp(media(sequence));
        }
        int sentBefore = bob.wire().sentRtp.size();
        // 400 NACKs, each naming 17 packets: 6,800 requests in one instant (most of them for packets never cached).
        for (int i = 0; i < 400; i++) {
            bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), (1000 + i * 17) & 0xFFFF, 0xFFFF));
        }
        assertEquals(RateBudget.NACKED_PACKETS_PER_SECOND, room.counters().subscriberLosses(), "the budget's worth was looked at");
        assertEquals(400 * 17 - RateBudget.NACKED_PACKETS_PER_SECOND, bob.transport().nacksOverBudget(), "the rest ignored, counted");
        assertEquals(300, bob.wire().sentRtp.size() - sentBefore, "each cached packet resent once");
        assertEquals(0, dave.transport().nacksOverBudget(), "another subscriber's budget is its own");

        fixture.advanceMillis(1_000);
        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 5000, 0));
        assertEquals(RateBudget.NACKED_PACKETS_PER_SECOND + 1, room.counters().subscriberLosses(), "a second later, room again");
    }

    @Test
    void aRepeatedNackIsAnsweredOncePerIntervalAndAStormAFewTimesInAll() {
        alice.wire().receiveRtp(media(1000));
        byte[] nack = TestPackets.nack(0xB0B, ssrcOf(toBob, false), 1000, 0);

        bob.wire().receiveRtcp(nack);
        bob.wire().receiveRtcp(nack);
        assertEquals(2, bob.wire().sentRtp.size(), "the packet, then one retransmission for two NACKs in a row");
        for (int i = 0; i < 20; i++) {
            fixture.advanceMillis(60);
            bob.wire().receiveRtcp(nack);
        }
        assertEquals(1 + 4, bob.wire().sentRtp.size(), "a packet is resent four times at most");
    }

    @Test
    void aPacketNoLongerCachedIsNotResentAndIsCounted() {
        alice.wire().receiveRtp(media(1000));
        fixture.advanceMillis(1_001);

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 1000, 0));
        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 999, 0)); // never arrived at all

        assertEquals(1, bob.wire().sentRtp.size());
        assertEquals(2, bob.transport().unrepairablePackets());
    }

    @Test
    void aLossOnThePublishersLinkIsNackedByTheServerUntilRepairedAndTheRepairReachesEveryone() {
        alice.wire().receiveRtp(media(1000));
        alice.wire().receiveRtp(media(1003)); // 1001 and 1002 lost on alice's link

        assertEquals(1, nacksTo(alice).size(), "asked at once");
        assertEquals(2, room.counters().publisherLosses(), "two packets lost on alice's link, counted once each");
        byte[] nack = nacksTo(alice).get(0);
        assertEquals(room.rtcpSsrc(), RtcpHeader.senderSsrc(nack, 0), "in the router's name");
        assertEquals((int) VIDEO, RtcpFeedback.mediaSourceSsrc(nack, 0));
        assertEquals(1, RtcpFeedback.nackEntryCount(nack, 0));
        assertEquals(1001, RtcpFeedback.nackPacketId(nack, 0, 0));
        assertEquals(0b1, RtcpFeedback.nackLostBitmask(nack, 0, 0));

        alice.wire().receiveRtp(retransmission(1, 1001));
        alice.wire().receiveRtp(retransmission(2, 1001)); // answered twice: the subscribers need it once
        fixture.advanceMillis(PublisherFeedback.FIRST_REPORT_NANOS / 1_000_000); // the timer's first beat
        fixture.delayer.runDue();
        List<byte[]> nacks = nacksTo(alice);
        assertEquals(2, nacks.size(), "1002 is asked for again");
        assertEquals(1002, RtcpFeedback.nackPacketId(nacks.get(1), 0, 0));
        assertEquals(0, RtcpFeedback.nackLostBitmask(nacks.get(1), 0, 0));

        for (Participant subscriber : List.of(bob, dave)) {
            byte[] repair = subscriber.wire().sentRtp.get(2);
            JvbConsumer consumer = subscriber == bob ? toBob : toDave;
            assertEquals(3, subscriber.wire().sentRtp.size(), "1000, 1003 and the repair of 1001");
            assertEquals((int) ssrcOf(consumer, true), RtpHeader.ssrc(repair, 0));
            assertEquals(1001, RtpHeader.originalSequenceNumber(repair, 0, repair.length));
        }

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrcOf(toBob, false), 1001, 0));
        byte[] fromCache = bob.wire().sentRtp.get(3);
        assertEquals(1001, RtpHeader.originalSequenceNumber(fromCache, 0, fromCache.length), "the repair was cached");
        assertArrayEquals(new byte[] {(byte) 1001, 8, 7, 6}, Arrays.copyOfRange(fromCache, 14, 18));
    }

    @Test
    void theServerGivesUpOnAPacketAfterThreeRequests() {
        alice.wire().receiveRtp(media(1000));
        alice.wire().receiveRtp(media(1002));
        for (int i = 0; i < 10; i++) {
            fixture.advanceMillis(100);
            fixture.delayer.runDue();
        }

        assertEquals(3, nacksTo(alice).size());
        alice.wire().receiveRtp(retransmission(1, 1001));
        assertEquals(2, bob.wire().sentRtp.size(), "a repair that comes after the server gave up goes nowhere");
    }

    @Test
    void retransmissionsNobodyAskedForGoNowhere() {
        alice.wire().receiveRtp(media(1000));
        alice.wire().receiveRtp(TestPackets.rtp(VIDEO_RTX, 97, 8, new byte[0])); // padding (the publisher probing)
        alice.wire().receiveRtp(retransmission(9, 1000)); // redundant payload

        assertEquals(1, bob.wire().sentRtp.size());
        assertEquals(1, dave.wire().sentRtp.size());
    }

    @Test
    void aGapTooWideIsNotAskedForPacketByPacket() {
        alice.wire().receiveRtp(media(1000));
        alice.wire().receiveRtp(media(1500));

        assertEquals(0, nacksTo(alice).size());
    }
}
