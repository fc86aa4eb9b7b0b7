package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RestartIce;
import org.parley.media.spi.MediaKind;

/**
 * A signalling-only node and media nodes in one JVM, talking over the machine's Redis exactly as separate processes
 * do (topics, registry, placement), with a fake media role so only the routing is under test.
 */
class RedisMediaNodeTest {

    private final TestRedis redis = new TestRedis();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final NodeRegistry registry = new NodeRegistry(redis.client, redis.cluster, Duration.ofSeconds(5));
    private final RoomPlacement placement = new RoomPlacement(redis.client, registry, Duration.ofMinutes(1));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String signallingId = redis.node("signalling");
    private final RedisMediaNode signalling = started(new RedisMediaNode(signallingId, Optional.empty(),
            room -> false, registry, placement, redis.client, codec));

    /** A media node: its worker on its topic, registered with load {@code load}. */
    private record Media(String id, FakeMedia media, MediaNodeWorker worker) {}

    private Media media(String name, int load) {
        String id = redis.node(name);
        FakeMedia media = new FakeMedia();
        MediaNodeWorker worker = started(new MediaNodeWorker(id, media, media::hosts, registry, placement, redis.client, codec));
        registry.heartbeat(id, load);
        return new Media(id, media, worker);
    }

    private <T extends AutoCloseable> T started(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        redis.close();
    }

    @Test
    void anOfferGoesToTheRoomsMediaNodeAndItsAnswerComesBack() throws Exception {
        Media media = media("media", 0);
        String room = redis.room();
        RecordingSink alice = new RecordingSink();

        signalling.open(room, "alice", false, alice);
        signalling.onSignal(room, "alice", new Offer("v=0 alice"));

        alice.expect(new Answer("answer to v=0 alice"));
        alice.expect("media connected: true");
        assertEquals("open alice", media.media().calls.poll(10, TimeUnit.SECONDS));
        assertEquals("offer alice v=0 alice", media.media().calls.poll(10, TimeUnit.SECONDS));
        assertEquals(media.id(), placement.recorded(room));
    }

    @Test
    void aRefusedOfferReachesTheParticipantAsTheSameError() throws Exception {
        media("media", 0);
        String room = redis.room();
        RecordingSink alice = new RecordingSink();
        signalling.open(room, "alice", false, alice);

        signalling.onSignal(room, "alice", new Offer("bad"));

        alice.expect(new ErrorMessage(ErrorCode.INVALID_SDP, "The SDP is not SDP: bad"));
    }

    @Test
    void muteRestartIceAndCloseReachTheMediaNodeAndTheLastCloseReleasesTheRoom() throws Exception {
        Media media = media("media", 0);
        String room = redis.room();
        signalling.open(room, "alice", false, new RecordingSink());
        signalling.open(room, "bob", true, new RecordingSink());
        signalling.setMuted(room, "alice", MediaKind.VIDEO, true);
        signalling.onSignal(room, "alice", new RestartIce());
        signalling.close(room, "alice");
        signalling.close(room, "bob");

        for (String expected : List.of("open alice", "open bob (audience)", "mute alice VIDEO true", "RestartIce alice",
                "close alice", "close bob")) {
            assertEquals(expected, media.media().calls.poll(10, TimeUnit.SECONDS));
        }
        Polling.until(Duration.ofSeconds(10), () -> placement.recorded(room) == null, "the room's placement to go");
        assertThrows(ProtocolException.class, () -> signalling.onSignal(room, "alice", new Offer("v=0")),
                "no media signals after leaving");
    }

    @Test
    void whenTheMediaNodeDiesTheRoomMovesAndEveryParticipantHereStartsOver() throws Exception {
        Media first = media("first", 0);
        String room = redis.room();
        RecordingSink alice = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        signalling.open(room, "alice", false, alice);
        signalling.open(room, "bob", false, bob);
        assertEquals(first.id(), placement.recorded(room));
        Media second = media("second", 3);

        first.worker().close();
        registry.deregister(first.id()); // as its heartbeat key expiring would
        signalling.checkOwners();

        alice.expect(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, RedisMediaNode.LOST));
        bob.expect(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, RedisMediaNode.LOST));
        assertEquals(second.id(), placement.recorded(room));
        signalling.onSignal(room, "alice", new Offer("v=0 again"));
        alice.expect(new Answer("answer to v=0 again"));
        List<String> calls = List.of(second.media().calls.poll(10, TimeUnit.SECONDS),
                second.media().calls.poll(10, TimeUnit.SECONDS), second.media().calls.poll(10, TimeUnit.SECONDS));
        assertTrue(calls.containsAll(List.of("open alice", "open bob", "offer alice v=0 again")), calls::toString);
    }

    @Test
    void someoneJoiningARoomWhoseMediaNodeDiedIsToldToStartOver() throws Exception {
        Media first = media("first", 0);
        String room = redis.room();
        placement.place(room);
        first.worker().close();
        registry.deregister(first.id());
        Media second = media("second", 0);
        RecordingSink carol = new RecordingSink();

        signalling.open(room, "carol", false, carol);

        carol.expect(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, RedisMediaNode.LOST));
        assertEquals("open carol", second.media().calls.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void someoneResumingOnANewSocketWhenTheMediaNodeIsFoundDeadIsToldOnTheNewSocket() throws Exception {
        Media first = media("first", 0);
        String room = redis.room();
        RecordingSink oldSocket = new RecordingSink();
        signalling.open(room, "alice", false, oldSocket);
        Media second = media("second", 0);
        first.worker().close();
        registry.deregister(first.id());
        RecordingSink newSocket = new RecordingSink();

        signalling.open(room, "alice", false, newSocket); // a resume, before any check noticed the death

        newSocket.expect(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, RedisMediaNode.LOST));
        assertEquals("open alice", second.media().calls.poll(10, TimeUnit.SECONDS));
        signalling.onSignal(room, "alice", new Offer("v=0 over"));
        newSocket.expect(new Answer("answer to v=0 over"));
        assertTrue(oldSocket.received.isEmpty(), "nothing for the socket that was replaced: " + oldSocket.received);
    }

    @Test
    void aMediaNodeClosesTheSessionsOfADeadSignallingNodeOnlyAfterTheGrace() throws Exception {
        Media media = media("media", 0);
        String room = redis.room();
        registry.beat(signallingId);
        signalling.open(room, "alice", false, new RecordingSink());
        assertEquals("open alice", media.media().calls.poll(10, TimeUnit.SECONDS));

        media.worker().reapOrphans(Duration.ZERO);
        registry.deregister(signallingId); // the signalling process died
        media.worker().reapOrphans(Duration.ofMinutes(5));
        media.worker().reapOrphans(Duration.ZERO);

        assertEquals("close alice", media.media().calls.poll(10, TimeUnit.SECONDS),
                "closed once dead for longer than the grace, not before");
        assertNull(media.media().calls.poll(200, TimeUnit.MILLISECONDS));
        Polling.until(Duration.ofSeconds(10), () -> placement.recorded(room) == null, "the room's placement to go");
    }

    @Test
    void repliesFromANodeTheRoomLeftAreIgnored() throws Exception {
        Media first = media("first", 0);
        String room = redis.room();
        RecordingSink alice = new RecordingSink();
        signalling.open(room, "alice", false, alice);
        media("second", 0);
        registry.deregister(first.id()); // declared dead, but its worker still runs
        signalling.checkOwners();
        alice.expect(new ErrorMessage(ErrorCode.MEDIA_NODE_LOST, RedisMediaNode.LOST));

        // the zombie answers an old offer of alice's
        redis.client.getTopic(ClusterKeys.signallingTopic(signallingId)).publish(codec.encode(new Envelope(
                "answer", "alice", room, first.id(), codec.encodeMessage(new Answer("stale")))));
        signalling.onSignal(room, "alice", new Offer("v=0 fresh"));

        alice.expect(new Answer("answer to v=0 fresh"));
        alice.expect("media connected: true");
        assertNull(alice.received.poll(300, TimeUnit.MILLISECONDS), "nothing else, the stale answer least of all");
        assertFalse(first.media().calls.contains("offer alice v=0 fresh"));
    }

}
