package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TrackSource;
import org.parley.media.spi.TransportState;

/** Layers nobody watches are told to the publisher's side (to be paused there): at once when wanted again, later when not. */
class LayerDemandTest {

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final JvbProducer camera = alice.transport().produce(new RtpParameters(MediaKind.VIDEO,
            RoutingFixture.video(1, 2).codecs(), List.of(new RtpEncoding(0x10, 0x11, "q"), new RtpEncoding(0x20, 0x21, "h"),
            new RtpEncoding(0x30, 0x31, "f")), List.of(), "alice", "camera", "cname"));
    private final Participant bob = fixture.join(room, "bob").connected();
    private final Participant carol = fixture.join(room, "carol").connected();
    private final JvbConsumer toBob = bob.transport().consume(camera);
    private final JvbConsumer toCarol = carol.transport().consume(camera);
    private final List<String> told = new CopyOnWriteArrayList<>();

    private LayerDemandTest() {
        room.observeLayerDemand((producer, layer) -> told.add(producer.participantId() + " " + layer));
    }

    private void seconds(double seconds) {
        for (int i = 0; i < seconds * 10; i++) {
            fixture.advanceMillis(100);
            fixture.delayer.runDue();
        }
    }

    /**
     * A second of the camera: layers of 100, 300 and 1,000 kbit/s. Bob's and carol's links (1 Mbit/s at the start)
     * carry the middle layer at most, so the subscribers' allocation caps them there.
     */
    private void cameraFor(double seconds) {
        for (int tenth = 0; tenth < seconds * 10; tenth++) {
            sequence++;
            for (int layer = 0; layer < 3; layer++) {
                for (int p = 0; p < new int[] {1, 3, 10}[layer]; p++) {
                    alice.wire().receiveRtp(TestPackets.rtp(0x10 * (layer + 1), 96, sequence * 16 + p, new byte[1238]));
                }
            }
            fixture.advanceMillis(100);
            fixture.delayer.runDue();
        }
    }

    private int sequence;

    @Test
    void aLayerNobodyWatchesIsToldAfterAWhileAndOneWantedAgainAtOnce() {
        cameraFor(2);
        assertEquals(1, toBob.maxLayer(), "the links carry the middle layer");
        assertEquals(List.of(), told, "not yet: a subscriber's estimate moves about");
        cameraFor(LayerDemand.LOWER_AFTER_NANOS / 1e9);
        assertEquals(List.of("alice 1"), told, "nobody watches the top layer");

        bob.wire().reach(TransportState.FAILED);
        carol.wire().reach(TransportState.FAILED);
        cameraFor(LayerDemand.LOWER_AFTER_NANOS / 1e9 + 1);
        assertEquals(List.of("alice 1", "alice 0"), told, "nobody connected: the lowest layer only");

        bob.wire().reach(TransportState.CONNECTED);
        cameraFor(0.5);
        assertEquals(List.of("alice 1", "alice 0", "alice 1"), told, "wanted again: told at once");
    }

    @Test
    void aLayerThatHasNotComeLeavesNoRoomForOthers() {
        RtpParameters screenParameters = new RtpParameters(MediaKind.VIDEO, RoutingFixture.video(1, 2).codecs(),
                List.of(new RtpEncoding(0x40, 0x41, "q"), new RtpEncoding(0x50, 0x51, "f")), List.of(), "alice~screen",
                "screen", "cname");
        JvbConsumer screenToBob = bob.transport().consume(alice.transport().produce(screenParameters, TrackSource.SCREEN));
        for (int tenth = 0; tenth < 25; tenth++) {
            sequence++;
            // The camera's layers at 100, 300 and 600 kbit/s; the screen's lower layer at 300, its top not yet begun.
            int[] ssrcs = {0x10, 0x20, 0x20, 0x20, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x40, 0x40, 0x40};
            for (int p = 0; p < ssrcs.length; p++) {
                alice.wire().receiveRtp(TestPackets.rtp(ssrcs[p], 96, sequence * 16 + p, new byte[1238]));
            }
            fixture.advanceMillis(100);
            fixture.delayer.runDue();
        }

        // Of bob's 1 Mbit/s, 850 kbit/s go to layers: 100 + 300 for the lowest ones, and of the 450 left the camera's
        // middle layer (+200, with the margin 240) fits, its top (+500, 600) does not, however little the screen's
        // top has cost so far.
        assertEquals(1, screenToBob.maxLayer(), "the screen's top layer, which costs nothing yet");
        assertEquals(1, toBob.maxLayer());
    }

    @Test
    void aPausedLayerKeepsTheCostItHadWhenItLastCame() {
        sendThenPauseTheTopLayer(3);
        assertEquals(300_000, camera.layerBitrate(2), 6_000, "3 × 1,250 bytes every 100 ms, as in its last full second");
        assertEquals(100_000, camera.layerBitrate(0), 2_000);
    }

    @Test
    void aPausedLayerThatCameStarvedCostsAtLeastTwiceTheLayerBelow() {
        sendThenPauseTheTopLayer(1);
        assertEquals(200_000, camera.layerBitrate(2), 4_000, "it came at only what the layer below takes");
    }

    /** Three seconds of the camera's three layers, the top one with {@code topPackets} packets a tenth, stopping in the second. */
    private void sendThenPauseTheTopLayer(int topPackets) {
        for (int tenth = 0; tenth < 35; tenth++) {
            for (int layer = 0; layer < 3; layer++) {
                int packets = layer < 2 ? 1 : tenth < 12 ? topPackets : 0;
                for (int i = 0; i < packets; i++) {
                    alice.wire().receiveRtp(TestPackets.rtp(0x10 * (layer + 1), 96, tenth * 4 + i, new byte[1238]));
                }
            }
            fixture.advanceMillis(100);
        }
    }
}
