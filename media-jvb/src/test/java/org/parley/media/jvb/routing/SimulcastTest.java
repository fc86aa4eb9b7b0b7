package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.rtp.Vp8Descriptor;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpParameters;

/**
 * Three VP8 layers, one subscriber: it gets one stream under its own SSRC that changes layer only at a key frame, and
 * whose sequence numbers, timestamps, picture ids and TL0PICIDX run on across each change.
 */
class SimulcastTest {

    private static final long[] LAYER = {0x1000, 0x2000, 0x3000};
    private static final long[] LAYER_RTX = {0x1001, 0x2001, 0x3001};
    /** Each layer's own numbering, far apart, as real encoders' are. */
    private static final int[] FIRST_SEQUENCE = {100, 20_000, 40_000};
    private static final int[] FIRST_PICTURE_ID = {10, 5_000, 30_000};

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();
    private final JvbProducer camera = alice.transport().produce(simulcast());
    private final JvbConsumer toBob = bob.transport().consume(camera);
    private final int[] frame = new int[3];

    private static RtpParameters simulcast() {
        RtpParameters one = RoutingFixture.video(1, 2);
        return new RtpParameters(MediaKind.VIDEO, one.codecs(),
                List.of(new RtpEncoding(LAYER[0], LAYER_RTX[0], "q"), new RtpEncoding(LAYER[1], LAYER_RTX[1], "h"),
                        new RtpEncoding(LAYER[2], LAYER_RTX[2], "f")),
                one.headerExtensions(), "stream", "camera", "cname");
    }

    /** The next frame of {@code layer}, one packet: a VP8 descriptor with a 15-bit picture id and TL0PICIDX. */
    private byte[] nextFrame(int layer, boolean key) {
        int n = frame[layer]++;
        byte[] payload = ByteBuffer.allocate(10)
                .put((byte) 0x90).put((byte) 0xC0).putShort((short) (0x8000 | (FIRST_PICTURE_ID[layer] + n)))
                .put((byte) (layer * 50 + n)).put((byte) (key ? 0x00 : 0x01)).put((byte) layer).put((byte) n)
                .putShort((short) 0).array();
        byte[] packet = TestPackets.rtp(LAYER[layer], 96, FIRST_SEQUENCE[layer] + n, payload);
        Bytes.writeInt(packet, 4, layer * 1_000_000 + n * 3000);
        return packet;
    }

    private void send(int layer, boolean key) {
        alice.wire().receiveRtp(nextFrame(layer, key));
    }

    private List<byte[]> atBob() {
        return bob.wire().sentRtp;
    }

    private static int pictureId(byte[] packet) {
        return Vp8Descriptor.pictureId(packet, 12, packet.length - 12);
    }

    private static int tl0(byte[] packet) {
        return Vp8Descriptor.tl0PicIdx(packet, 12, packet.length - 12);
    }

    private static int layerOf(byte[] packet) {
        return packet[18];
    }

    private int plisAtAlice() {
        return (int) alice.wire().sentRtcp.stream()
                .filter(c -> RtcpHeader.packetType(c, 0) == RtcpHeader.PSFB && RtcpHeader.count(c, 0) == RtcpFeedback.FMT_PLI)
                .count();
    }

    @Test
    void startsAtAKeyFrameAndMovesUpAtTheTopLayersKeyFrameWithoutAGapInAnyNumber() {
        send(0, false);
        assertEquals(0, atBob().size(), "nothing before a key frame");
        send(0, true);
        send(0, false);
        assertEquals(2, atBob().size());
        send(1, false);
        send(2, false);
        assertTrue(plisAtAlice() >= 1, "the top layer is wanted: a key frame is asked for");
        send(0, false);
        assertEquals(3, atBob().size(), "the lower layer goes on until the upper one has a key frame");
        fixture.advanceMillis(30);
        send(2, true);
        send(2, false);

        List<byte[]> sent = atBob();
        assertEquals(List.of(0, 0, 0, 2, 2), sent.stream().map(SimulcastTest::layerOf).toList());
        for (int i = 1; i < sent.size(); i++) {
            byte[] before = sent.get(i - 1);
            byte[] packet = sent.get(i);
            assertEquals((int) toBob.rtpParameters().encodings().get(0).ssrc(), RtpHeader.ssrc(packet, 0));
            assertEquals((RtpHeader.sequenceNumber(before, 0) + 1) & 0xFFFF, RtpHeader.sequenceNumber(packet, 0));
            assertEquals((pictureId(before) + 1) & 0x7FFF, pictureId(packet), "picture ids run on");
            assertEquals((tl0(before) + 1) & 0xFF, tl0(packet));
            int step = Bytes.readInt(packet, 4) - Bytes.readInt(before, 4);
            assertTrue(step > 0 && step <= 3000, "timestamps move forward by about a frame: " + step);
        }
    }

    @Test
    void movesDownWhenCappedOrWhenThePublisherStopsTheTopLayer() {
        send(0, true);
        send(2, true);
        send(2, false);
        assertEquals(2, layerOf(atBob().get(atBob().size() - 1)));

        toBob.setMaxLayer(1);
        send(1, false);
        send(2, false);
        send(1, true);
        send(2, false);
        assertEquals(List.of(0, 2, 2, 2, 1), atBob().stream().map(SimulcastTest::layerOf).toList(),
                "capped at the middle layer: it takes over at its key frame");

        toBob.setMaxLayer(2);
        fixture.advanceMillis(600); // the publisher stopped sending its top layer
        send(0, false);
        send(1, false);
        assertEquals(1, layerOf(atBob().get(atBob().size() - 1)), "the top layer is gone: stay in the middle");
    }

    @Test
    void aNackIsAnsweredFromTheForwardedLayersCacheInTheSubscribersNumbers() {
        send(0, true);
        send(2, true);
        send(2, false);
        byte[] last = atBob().get(atBob().size() - 1);
        int lostAtBob = RtpHeader.sequenceNumber(last, 0);

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, toBob.rtpParameters().encodings().get(0).ssrc(), lostAtBob, 0));

        byte[] repair = atBob().get(atBob().size() - 1);
        assertEquals((int) toBob.rtpParameters().encodings().get(0).rtxSsrc(), RtpHeader.ssrc(repair, 0));
        assertEquals(lostAtBob, RtpHeader.originalSequenceNumber(repair, 0, repair.length),
                "the repair names the packet in bob's numbers");
        assertEquals(Bytes.readInt(last, 4), Bytes.readInt(repair, 4), "and its timestamp");
        assertEquals(2, layerOf(Arrays.copyOfRange(repair, 2, repair.length)), "the top layer's packet");
        assertEquals(pictureId(last), Vp8Descriptor.pictureId(repair, 14, repair.length - 14), "its picture id shifted too");
    }

    /** Packets of the layer before a switch are not resent: bob's numbers for them are no longer in the cache's terms. */
    @Test
    void aNackForAPacketOfTheLayerBeforeTheSwitchIsNotAnswered() {
        send(0, true);
        int ofLowerLayer = RtpHeader.sequenceNumber(atBob().get(0), 0);
        send(2, true);
        send(2, false);
        int ofTopLayer = RtpHeader.sequenceNumber(atBob().get(2), 0);
        long ssrc = toBob.rtpParameters().encodings().get(0).ssrc();

        bob.wire().receiveRtcp(TestPackets.nack(0xB0B, ssrc, ofLowerLayer, 1 << (ofTopLayer - ofLowerLayer - 1)));

        assertEquals(4, atBob().size(), "three packets, then the top layer's one repair");
        byte[] repair = atBob().get(3);
        assertEquals(ofTopLayer, RtpHeader.originalSequenceNumber(repair, 0, repair.length));
    }

    @Test
    void onlyTheForwardedLayersSenderReportReachesTheSubscriberWithItsTimestampShifted() {
        send(0, true);
        send(2, true);
        byte[] top = atBob().get(atBob().size() - 1);
        int shift = Bytes.readInt(top, 4) - (2 * 1_000_000);

        alice.wire().receiveRtcp(TestPackets.sr(LAYER[0]));
        alice.wire().receiveRtcp(TestPackets.sr(LAYER[2]));

        assertEquals(1, bob.wire().sentRtcp.size());
        byte[] report = bob.wire().sentRtcp.get(0);
        assertEquals((int) toBob.rtpParameters().encodings().get(0).ssrc(), RtcpHeader.senderSsrc(report, 0));
        assertEquals(Bytes.readInt(TestPackets.sr(LAYER[2]), 16) + shift, Bytes.readInt(report, 16));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    void aSubscriberOfThreeLayersIsToldOneStream() {
        assertEquals(1, toBob.rtpParameters().encodings().size());
        assertArrayEquals(new int[] {(int) toBob.rtpParameters().encodings().get(0).ssrc(),
                (int) toBob.rtpParameters().encodings().get(0).rtxSsrc()}, toBob.ownSsrcs());
    }
}
