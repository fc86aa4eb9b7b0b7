package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.EndMeeting;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.MuteParticipant;
import org.parley.api.signalling.MutedByHost;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RemoveParticipant;
import org.parley.api.signalling.Removed;
import org.parley.web.cluster.RedisRoomChannel;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;
import org.parley.web.webhook.RoomEvents;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Two signalling services stand for two processes: one room store, room events over the machine's Redis. The host's
 * socket is on the first, the guests' on the second; what the host does reaches them there.
 */
class TwoProcessSignallingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RedissonClient redis = redis();
    private final String cluster = "test-" + UUID.randomUUID();
    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 4, 50);
    private final RedisRoomChannel firstChannel = new RedisRoomChannel(redis, cluster, "first");
    private final RedisRoomChannel secondChannel = new RedisRoomChannel(redis, cluster, "second");
    private final RecordingMediaNode secondMedia = new RecordingMediaNode();
    private final SignallingService first = new SignallingService(rooms, firstChannel, new RecordingMediaNode(),
            new ManualTimers(), TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE,
            Duration.ofSeconds(30));
    private final SignallingService second = new SignallingService(rooms, secondChannel, secondMedia,
            new ManualTimers(), TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE,
            Duration.ofSeconds(30));
    private final RoomService.Created room = rooms.create("Two processes");

    @AfterEach
    void close() {
        firstChannel.close();
        secondChannel.close();
        redis.shutdown();
    }

    @Test
    void theHostsActionsReachGuestsOnTheOtherProcess() throws Exception {
        RecordingSocket host = join(first, room.hostToken(), "Hana");
        RecordingSocket guest = join(second, room.participantToken(), "Gus");
        RecordingSocket other = join(second, room.participantToken(), "Olga");
        String guestId = id(guest);
        await(() -> host.all(ParticipantJoined.class).size() == 2, "the host to hear of both guests");
        assertEquals(List.of(guestId, id(other)),
                host.all(ParticipantJoined.class).stream().map(j -> j.participant().id()).toList());

        first.handle(connectionOf(host), new MuteParticipant(guestId, "audio"));
        await(() -> guest.received.contains(new MutedByHost("audio")), "the guest to be told the host muted them");
        await(() -> other.all(ParticipantUpdated.class).stream().anyMatch(u -> u.participant().audioMuted()),
                "the other guest to see it");

        first.handle(connectionOf(host), new RemoveParticipant(guestId));
        await(() -> "removed".equals(guest.closedAs), "the guest's socket to close as removed");
        assertEquals(new Removed(), guest.received.get(guest.received.size() - 1));
        await(() -> secondMedia.closed.equals(List.of(guestId)), "their media released by the process holding them");
        await(() -> !other.all(ParticipantLeft.class).isEmpty(), "the other guest to see the guest leave");
        assertNull(other.closedAs);

        first.handle(connectionOf(host), new EndMeeting());
        assertEquals("ended", host.closedAs);
        await(() -> "ended".equals(other.closedAs), "the other guest's socket to close as ended");
        assertEquals(new MeetingEnded(), other.received.get(other.received.size() - 1));
        await(() -> secondMedia.closed.equals(List.of(guestId, id(other))), "the other guest's media released");
        assertEquals(List.of(), store.occupants(room.room().id()));

        // Its own close arriving afterwards changes nothing: the membership was already taken care of.
        second.disconnected(connectionOf(other));
        assertEquals(2, secondMedia.closed.size());
    }

    @Test
    void aGuestsOwnMuteReachesTheHostOnTheOtherProcess() throws Exception {
        RecordingSocket host = join(first, room.hostToken(), "Hana");
        RecordingSocket guest = join(second, room.participantToken(), "Gus");
        second.handle(connectionOf(guest), new Mute("video", true));
        await(() -> host.all(ParticipantUpdated.class).stream()
                .anyMatch(u -> u.participant().id().equals(id(guest)) && u.participant().videoMuted()),
                "the host to see the guest's camera off");
        assertEquals(List.of(), guest.all(ParticipantUpdated.class), "not told their own news");
    }

    /** Each socket's connection, as the endpoint keeps it. */
    private final Map<RecordingSocket, Connection> connections = new ConcurrentHashMap<>();

    private RecordingSocket join(SignallingService process, String token, String name) throws ProtocolException {
        RecordingSocket socket = new RecordingSocket();
        Connection connection = new Connection(socket, System::nanoTime);
        connections.put(socket, connection);
        process.handle(connection, new Join(room.room().id(), token, name, null));
        return socket;
    }

    private Connection connectionOf(RecordingSocket socket) {
        return connections.get(socket);
    }

    private static String id(RecordingSocket socket) {
        return socket.last(Joined.class).participantId();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Waited " + PATIENCE + " for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static RedissonClient redis() {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(2);
        config.useSingleServer().setAddress("redis://127.0.0.1:6379").setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(4).setSubscriptionConnectionMinimumIdleSize(1);
        return Redisson.create(config);
    }
}
