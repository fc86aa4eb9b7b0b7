package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * What a participant sends that makes no sense costs the room nothing: it is dropped and counted, or bounded, and the
 * others' media flows on.
 */
class BadInputTest {

    private static final int MID_ID = 9;
    private static final int RID_ID = 10;

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();
    private final Participant dave = fixture.join(room, "dave").connected();

    /** A packet of a stream the server has no SSRC for yet, as the SRTP layer hands it over: claimed, then learned. */
    private static void unannounced(Participant from, byte[] packet) {
        if (from.wire().handler.claims(packet, 0, packet.length) && from.wire().handler.learn(packet, 0, packet.length)) {
            from.wire().receiveRtp(packet);
        }
    }

    private JvbProducer simulcastByRid() {
        RtpParameters one = RoutingFixture.video(1, 2);
        return alice.transport().produce(new RtpParameters(MediaKind.VIDEO, one.codecs(),
                List.of(RtpEncoding.layer("q"), RtpEncoding.layer("h")),
                List.of(new RtpHeaderExtension(MID_ID, RtpHeaderExtension.MID), new RtpHeaderExtension(RID_ID, RtpHeaderExtension.RID)),
                "alice", "camera", "cname", "1"));
    }

    @Test
    void aPublisherSendingPastItsBudgetHasTheRestDroppedAndCountedAndOthersAreNotAffected() {
        JvbProducer camera = alice.transport().produce(RoutingFixture.video(0x21, 0x22));
        bob.transport().consume(camera);
        JvbProducer daveCamera = dave.transport().produce(RoutingFixture.video(0x31, 0x32));
        bob.transport().consume(daveCamera);
        byte[] payload = new byte[1_188]; // 1,200-byte packets
        int offered = 0;
        // 50 Mbit/s for one second, in 10 ms steps: twice the budget.
        for (int step = 0; step < 100; step++) {
            for (int i = 0; i < 52; i++, offered++) {
                alice.wire().receiveRtp(TestPackets.rtp(0x21, 96, offered & 0xFFFF, payload));
            }
            dave.wire().receiveRtp(TestPackets.rtp(0x31, 96, step, new byte[100]));
            fixture.advanceMillis(10);
        }
        long dropped = alice.transport().packetsOverIngressBudget();
        long allowed = RateBudget.INCOMING_BYTES_PER_SECOND * 2 / 1_200; // the burst and one second's worth
        assertTrue(dropped > 0 && offered - dropped <= allowed + 52,
                "offered " + offered + ", dropped " + dropped + ", at most " + allowed + " allowed");
        assertEquals(0, dave.transport().packetsOverIngressBudget(), "another publisher's budget is its own");
        long fromDave = bob.wire().sentRtp.stream().filter(p -> p.length < 200).count();
        assertEquals(100, fromDave, "dave's video reaches bob whole");
    }

    @Test
    void aRidThatWasNotNegotiatedIsNotTakenForAnyLayer() {
        JvbProducer camera = simulcastByRid();
        bob.transport().consume(camera);
        byte[] strange = withMidAndRid(0x77, "1", "z");
        byte[] low = withMidAndRid(0x10, "1", "q");

        assertFalse(alice.wire().handler.claims(strange, 0, strange.length), "no layer has rid z");
        unannounced(alice, low);

        assertEquals(0x10, camera.slots()[0], "rid q's SSRC is learned");
        assertEquals(0, camera.slots()[1]);
    }

    /** A first packet as browsers send it: MID and RID header extensions (one-byte form, RFC 8285). */
    private static byte[] withMidAndRid(int ssrc, String mid, String rid) {
        byte[] packet = TestPackets.rtp(ssrc, 96, 1, new byte[] {(byte) 0x90, (byte) 0x80, 0, 0, 0});
        java.nio.ByteBuffer extension = java.nio.ByteBuffer.allocate(8).putShort((short) 0xBEDE).putShort((short) 1)
                .put((byte) (MID_ID << 4 | (mid.length() - 1))).put(mid.getBytes())
                .put((byte) (RID_ID << 4 | (rid.length() - 1))).put(rid.getBytes());
        byte[] out = new byte[packet.length + 8];
        System.arraycopy(packet, 0, out, 0, 12);
        out[0] |= 0x10;
        System.arraycopy(extension.array(), 0, out, 12, 8);
        System.arraycopy(packet, 12, out, 20, packet.length - 12);
        return out;
    }

    @Test
    void aPublisherThatSwitchesSsrcsMidCallHasItsNewStreamDroppedAndCounted() {
        JvbProducer camera = alice.transport().produce(RoutingFixture.video(0x11, 0x12));
        bob.transport().consume(camera);
        alice.wire().receiveRtp(TestPackets.rtp(0x11, 96, 1, new byte[8]));

        alice.wire().receiveRtp(TestPackets.rtp(0x13, 96, 2, new byte[8])); // the same track, suddenly another SSRC
        alice.wire().receiveRtp(TestPackets.rtp(0x14, 97, 3, new byte[] {0, 1, 5})); // RTX of an SSRC never announced
        alice.wire().receiveRtp(TestPackets.rtp(0x11, 96, 4, new byte[8]));

        assertEquals(2, alice.transport().unknownSsrcPackets());
        assertEquals(List.of(1, 4), bob.wire().sentRtp.stream().map(p -> ((p[2] & 0xFF) << 8) | (p[3] & 0xFF)).toList(),
                "bob gets the track as announced, undisturbed");
    }

    @Test
    void aNackStormCostsAFewRetransmissionsPerPacketAndNothingToTheOthers() {
        JvbProducer camera = alice.transport().produce(RoutingFixture.video(0x11, 0x12));
        JvbConsumer toBob = bob.transport().consume(camera);
        dave.transport().consume(camera);
        for (int sequence = 1; sequence <= 100; sequence++) {
            alice.wire().receiveRtp(TestPackets.rtp(0x11, 96, sequence, new byte[100]));
        }
        Random random = new Random(7);
        long ssrc = toBob.rtpParameters().encodings().get(0).ssrc();
        for (int i = 0; i < 5_000; i++) {
            bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrc, random.nextInt(0x10000), random.nextInt(0x10000)));
            bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrc, 1 + random.nextInt(100), 0xFFFF));
            fixture.advanceMillis(1);
        }

        long resent = bob.wire().sentRtp.size() - 100L;
        assertTrue(resent <= 100L * 4, resent + " retransmissions for 100 packets");
        assertEquals(resent, bob.transport().resentPackets());
        assertEquals(100, dave.wire().sentRtp.size(), "dave gets each packet once, and no one else's repairs");
        assertTrue(alice.wire().sentRtcp.stream().noneMatch(p -> RtcpHeader.packetType(p, 0) == RtcpHeader.RTPFB
                && RtcpHeader.count(p, 0) == RtcpFeedback.FMT_NACK), "the storm never reaches the publisher");
    }

    @Test
    void transportWideFeedbackAboutPacketsNeverSentIsIgnoredAndCounted() {
        JvbProducer camera = alice.transport().produce(RoutingFixture.video(0x11, 0x12));
        JvbConsumer toBob = bob.transport().consume(camera);
        long before = bob.transport().bandwidth().estimate();
        ArrivalFeedback invented = new ArrivalFeedback(fixture.nanos.get());
        for (int sequence = 1000; sequence < 1100; sequence += 2) {
            invented.arrived(sequence, fixture.nanos.get() + sequence * 1_000_000L); // ever later: a queue that grows
        }
        int length = invented.write(0xB0B, (int) toBob.rtpParameters().encodings().get(0).ssrc());
        byte[] feedback = java.util.Arrays.copyOf(invented.packet(), length);

        bob.wire().receiveRtcp(feedback);

        assertEquals(before, bob.transport().bandwidth().estimate(), "packets the server never sent say nothing of the link");
        assertTrue(bob.transport().bandwidth().feedbackAboutUnknownPackets() >= 50);
    }
}
