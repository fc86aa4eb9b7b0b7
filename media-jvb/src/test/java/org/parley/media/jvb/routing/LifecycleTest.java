package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.routing.RoutingFixture.audio;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.TransportState;

class LifecycleTest {

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.backend.createRouter("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();
    private final Participant bob = fixture.join(room, "bob").connected();

    @Test
    void reportsEachStateOnceInOrderAndNothingAfterClosed() {
        Participant carol = fixture.join(room, "carol");
        IceParameters remote = new IceParameters("ufrag", "pwd-pwd-pwd-pwd-pwd-pwd");

        carol.transport().connect(remote, new DtlsFingerprint("SHA-256", "ab:cd"));
        carol.wire().reach(TransportState.CONNECTING);
        carol.wire().reach(TransportState.CONNECTING);
        carol.wire().reach(TransportState.FAILED);
        carol.transport().close();
        carol.transport().close();
        carol.wire().reach(TransportState.CONNECTED);

        assertSame(remote, carol.wire().remoteIce);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.FAILED, TransportState.CLOSED), carol.states());
        assertEquals(TransportState.CLOSED, carol.transport().state());
        assertThrows(IllegalStateException.class, () -> carol.transport().produce(video(1, 0)));
        assertThrows(IllegalStateException.class, () -> carol.transport().connect(remote, new DtlsFingerprint("sha-256", "AB")));
    }

    /**
     * The long meeting of issue 9: bob stays while 40 people join and leave one after another. His transport's
     * streams (and so its SRTP contexts) follow his consumers: the 41st newcomer is forwarded like the first, and
     * nothing of the 40 who left is kept.
     */
    @Test
    void aSubscribersStreamsFollowItsConsumersThroughALongMeeting() {
        int most = 0;
        for (int n = 1; n <= 41; n++) {
            Participant newcomer = fixture.join(room, "newcomer-" + n).connected();
            long base = 0x7000_0000L + n * 16L;
            JvbProducer audio = newcomer.transport().produce(audio(base));
            JvbProducer video = newcomer.transport().produce(video(base + 1, base + 2));
            bob.transport().consume(audio);
            bob.transport().consume(video);
            JvbProducer bobsCamera = bob.transport().produce(video(0xB0B0_0000L + n, 0)); // a new one each time
            newcomer.transport().consume(bobsCamera);
            most = Math.max(most, bob.wire().outgoing.size());

            byte[] media = TestPackets.rtp(base + 1, 96, n, new byte[] {(byte) n});
            newcomer.wire().receiveRtp(media);
            assertEquals(n, bob.wire().sentRtp.size(), "newcomer " + n + "'s video reaches bob");
            assertEquals(3, newcomer.wire().incoming.size(), "the newcomer's own SSRCs: audio, video, RTX");

            newcomer.transport().close();
            bobsCamera.close();
        }

        assertEquals(1 + 3, most, "the router's RTCP sender and one newcomer's three SSRCs at most");
        assertEquals(1, bob.wire().outgoing.size(), "only the router's RTCP sender is left");
        assertEquals(0, bob.wire().incoming.size(), "bob's own tracks came and went");
        assertEquals(0, bob.wire().undeclaredSends.get());
    }

    @Test
    void aFailingListenerDoesNotBreakTheReceivePath() {
        JvbWebRtcTransport transport = room.createWebRtcTransport("dan", (t, s) -> {
            throw new IllegalStateException("listener bug");
        });
        FakeSecureTransport wire = fixture.wires.of(transport);

        wire.reach(TransportState.CONNECTED);

        assertEquals(TransportState.CONNECTED, transport.state());
    }

    @Test
    void closingATransportClosesItsProducersTheirConsumersAndItsConsumers() {
        JvbProducer aliceVideo = alice.transport().produce(video(0xA1, 0xA2));
        JvbProducer aliceAudio = alice.transport().produce(audio(0xA3));
        JvbProducer bobVideo = bob.transport().produce(video(0xB1, 0));
        JvbConsumer bobOfAliceVideo = bob.transport().consume(aliceVideo);
        JvbConsumer bobOfAliceAudio = bob.transport().consume(aliceAudio);
        JvbConsumer aliceOfBob = alice.transport().consume(bobVideo);

        alice.transport().close();

        assertTrue(aliceVideo.isClosed() && aliceAudio.isClosed());
        assertTrue(bobOfAliceVideo.isClosed() && bobOfAliceAudio.isClosed() && aliceOfBob.isClosed());
        assertEquals(0, bobVideo.consumerCount());
        assertFalse(bobVideo.isClosed());
        assertTrue(alice.wire().closed);
        assertEquals(TransportState.CLOSED, alice.states().get(alice.states().size() - 1));
        assertEquals(1, room.transportCount());
        // bob no longer routes feedback about alice's SSRCs anywhere, and can receive a new track with them.
        assertSame(null, bob.transport().consumerOf(0xA1));
        Participant alice2 = fixture.join(room, "alice").connected();
        bob.transport().consume(alice2.transport().produce(video(0xA1, 0xA2)));
    }

    @Test
    void closingAProducerClosesItsConsumersAndForgetsItsSsrcs() {
        JvbProducer aliceVideo = alice.transport().produce(video(0xA1, 0xA2));
        JvbConsumer consumer = bob.transport().consume(aliceVideo);

        aliceVideo.close();
        aliceVideo.close();
        alice.wire().receiveRtp(TestPackets.rtp(0xA1, 96, 1, new byte[4]));

        assertTrue(consumer.isClosed());
        assertEquals(1, alice.transport().unknownSsrcPackets());
        assertEquals(0, bob.wire().sentRtp.size());
        assertThrows(IllegalStateException.class, () -> bob.transport().consume(aliceVideo));
        assertSame(null, bob.transport().consumerOf(0xA1), "a refused consumer leaves nothing behind");
        alice.transport().produce(video(0xA1, 0xA2)); // the SSRCs are free again
    }

    @Test
    void closingARouterClosesItsTransportsAndClosingTheBackendClosesEverything() {
        JvbRouter other = fixture.backend.createRouter("room-2");
        Participant carol = fixture.join(other, "carol");
        assertEquals(2, fixture.backend.routerCount());

        room.close();
        room.close();

        assertTrue(alice.wire().closed && bob.wire().closed);
        assertEquals(0, room.transportCount());
        assertEquals(1, fixture.backend.routerCount());
        assertThrows(IllegalStateException.class, () -> room.createWebRtcTransport("late", (t, s) -> { }));

        fixture.backend.close();
        fixture.backend.close();

        assertTrue(carol.wire().closed);
        assertTrue(fixture.wires.closed);
        assertEquals(0, fixture.backend.routerCount());
        assertThrows(IllegalStateException.class, () -> fixture.backend.createRouter("room-3"));
    }
}
