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

/**
 * The room hears who speaks from the audio levels publishers write (RFC 6464), tells its listener, and gives the
 * speakers' video the best layers a subscriber's link allows: the dominant speaker first, and in a large room only
 * the last N speakers' video above the lowest layer.
 */
class SpeakersTest {

    private static final int LOUD = 20;
    private static final int SILENT = 127;
    /** Per 100 ms, in 1,250-byte packets: 100, 300 and 1,000 kbit/s. */
    private static final int[] PACKETS_PER_TENTH = {1, 3, 10};
    private static final int[] SCREEN_PACKETS_PER_TENTH = {1, 4};

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final String[] names = {"alice", "bob", "carol"};
    private final Participant[] publishers = new Participant[3];
    private final JvbConsumer[] atDave = new JvbConsumer[3];
    private final Participant dave = fixture.join(room, "dave").connected();
    private int sequence;
    /** Alice's shared screen, when she shares one: two layers of 100 and 400 kbit/s, SSRCs from 0x400. */
    private JvbConsumer screenAtDave;

    private SpeakersTest() {
        for (int i = 0; i < 3; i++) {
            publishers[i] = fixture.join(room, names[i]).connected();
            publishers[i].transport().produce(RoutingFixture.audio(0xA0 + i));
            JvbProducer camera = publishers[i].transport().produce(simulcast(0x100 * (i + 1)));
            atDave[i] = dave.transport().consume(camera);
        }
    }

    private static RtpParameters simulcast(long base) {
        RtpParameters one = RoutingFixture.video(1, 2);
        return new RtpParameters(MediaKind.VIDEO, one.codecs(), List.of(new RtpEncoding(base, base + 1, "q"),
                new RtpEncoding(base + 2, base + 3, "h"), new RtpEncoding(base + 4, base + 5, "f")),
                one.headerExtensions(), "stream", "camera", "cname");
    }

    /** Two seconds of every camera's three layers, with the given audio levels, the room's timers running. */
    private void talk(int... levels) {
        for (int tenth = 0; tenth < 20; tenth++) {
            sequence++;
            for (int i = 0; i < 3; i++) {
                publishers[i].wire().receiveRtp(TestPackets.rtpWithExtension(0xA0 + i, 111, sequence, 1,
                        new byte[] {(byte) levels[i]}, new byte[20]));
                sendLayers(publishers[i], 0x100 * (i + 1), PACKETS_PER_TENTH);
            }
            if (screenAtDave != null) {
                sendLayers(publishers[0], 0x400, SCREEN_PACKETS_PER_TENTH);
            }
            fixture.advanceMillis(100);
            fixture.delayer.runDue();
        }
    }

    private void sendLayers(Participant publisher, int base, int[] packetsPerTenth) {
        for (int layer = 0; layer < packetsPerTenth.length; layer++) {
            for (int p = 0; p < packetsPerTenth[layer]; p++) {
                publisher.wire().receiveRtp(TestPackets.rtp(base + 2 * layer, 96, sequence * 16 + p, new byte[1238]));
            }
        }
    }

    private List<Integer> maxLayersAtDave() {
        return List.of(atDave[0].maxLayer(), atDave[1].maxLayer(), atDave[2].maxLayer());
    }

    @Test
    void theListenerHearsWhoSpeaksAndTheSpeakerIsRaisedFirst() {
        room.observeSpeakers(announced::add, 0);

        talk(SILENT, SILENT, LOUD);
        assertEquals(List.of("carol"), announced);
        // Dave's link (1 Mbit/s to start with) fits every lowest layer and two middle ones: the speaker's comes first.
        assertEquals(List.of(1, 0, 1), maxLayersAtDave(), "carol, then alice (who came first); not bob");

        talk(LOUD, SILENT, SILENT);
        assertEquals(List.of("carol", "alice"), announced);
        talk(SILENT, LOUD, SILENT);
        assertEquals(List.of("carol", "alice", "bob"), announced);
        assertEquals(List.of(1, 1, 0), maxLayersAtDave(), "bob, then alice, the most recent speakers");
    }

    @Test
    void inALargeRoomOnlyTheLastNSpeakersVideoGoesAboveTheLowestLayer() {
        room.observeSpeakers(announced::add, 1);

        talk(SILENT, LOUD, SILENT);

        assertEquals(List.of("bob"), announced);
        assertEquals(List.of(0, 1, 0), maxLayersAtDave(), "room to spare, but only bob is among the last 1");
    }

    @Test
    void aSharedScreenIsRaisedBeforeTheSpeakersCamerasAndLastNDoesNotCapIt() {
        room.observeSpeakers(announced::add, 1);
        RtpParameters one = RoutingFixture.video(1, 2);
        RtpParameters screen = new RtpParameters(MediaKind.VIDEO, one.codecs(),
                List.of(new RtpEncoding(0x400, 0x401, "q"), new RtpEncoding(0x402, 0x403, "f")),
                one.headerExtensions(), "stream~screen", "screen", "cname");
        screenAtDave = dave.transport().consume(publishers[0].transport().produce(screen, TrackSource.SCREEN));

        talk(SILENT, SILENT, LOUD);

        assertEquals(List.of("carol"), announced);
        // Dave's 1 Mbit/s fits every lowest layer, then either the screen's top (+300 kbit/s) or carol's middle layer
        // (+200): the screen of alice (who is not among the last 1 speaker) comes first.
        assertEquals(1, screenAtDave.maxLayer());
        assertEquals(List.of(0, 0, 0), maxLayersAtDave());
    }

    @Test
    void aMutedParticipantDoesNotSpeak() {
        room.observeSpeakers(announced::add, 0);
        publishers[0].transport().producersNow().stream().filter(p -> p.kind() == MediaKind.AUDIO).forEach(JvbProducer::pause);

        talk(LOUD, SILENT, SILENT);

        assertEquals(List.of(), announced);
    }
}
