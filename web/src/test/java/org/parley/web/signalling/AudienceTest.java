package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.Audience;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;
import org.parley.web.webhook.RoomEvents;

/**
 * A large room does not announce everyone to everyone: past the stage size, newcomers (but the host) join the
 * audience, and the others get one count a second instead of a message per arrival, departure or change.
 */
class AudienceTest {

    private static final int STAGE = 2;

    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 100, STAGE);
    private final ManualTimers timers = new ManualTimers();
    private final RecordingMediaNode media = new RecordingMediaNode();
    private final SignallingService signalling = new SignallingService(rooms, new LocalRoomChannel(),
            media, timers, TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE,
            Duration.ofSeconds(30));
    private final RoomService.Created room = rooms.create("Town hall");

    private record Client(RecordingSocket socket, Connection connection) {
        Joined joined() {
            return socket.last(Joined.class);
        }
    }

    private Client join(String token, String name) throws ProtocolException {
        RecordingSocket socket = new RecordingSocket();
        Client client = new Client(socket, new Connection(socket, System::nanoTime));
        signalling.handle(client.connection(), new Join(room.room().id(), token, name, null));
        return client;
    }

    @Test
    void pastTheStageNewcomersAreCountedNotAnnouncedAndTheCountComesInBatches() throws Exception {
        Client ana = join(room.participantToken(), "Ana");
        Client bo = join(room.participantToken(), "Bo");
        List<Client> audience = List.of(join(room.participantToken(), "Cy"), join(room.participantToken(), "Di"),
                join(room.participantToken(), "Ed"));
        Client host = join(room.hostToken(), "Hana"); // the host is always on the stage

        assertEquals(List.of(false, false, true, true, true, false), media.opened.stream()
                .map(RecordingMediaNode.Open::inAudience).toList(), "the media node knows who is in the audience");
        assertEquals(List.of("Bo", "Hana"), ana.socket().all(ParticipantJoined.class).stream()
                .map(joined -> joined.participant().displayName()).toList(), "only the stage is announced");
        Joined late = join(room.participantToken(), "Flo").joined();
        assertEquals(Set.of("Ana", "Bo", "Hana"), late.participants().stream().map(Participant::displayName)
                .collect(Collectors.toSet()));
        assertEquals(3, late.audience(), "Cy, Di and Ed, counted");
        assertTrue(ana.socket().all(Audience.class).isEmpty(), "not yet: the count waits for the batch");

        assertEquals(1, timers.fireAll(), "four arrivals in the audience, one count to send");
        assertEquals(new Audience(4), ana.socket().last(Audience.class));
        assertEquals(new Audience(4), host.socket().last(Audience.class));

        signalling.handle(audience.get(0).connection(), new Mute("video", true));
        signalling.handle(audience.get(1).connection(), new Leave());
        assertTrue(ana.socket().all(ParticipantUpdated.class).isEmpty(), "an audience member's changes are not told");
        assertTrue(ana.socket().all(ParticipantLeft.class).isEmpty());
        assertEquals(1, timers.fireAll());
        assertEquals(new Audience(3), ana.socket().last(Audience.class));

        signalling.handle(bo.connection(), new Leave());
        assertEquals(bo.joined().participantId(), ana.socket().last(ParticipantLeft.class).participantId(),
                "the stage is told in person as ever");
        assertFalse(store.occupant(room.room().id(), audience.get(2).joined().participantId()).orElseThrow().isHost());
        assertTrue(store.occupant(room.room().id(), audience.get(2).joined().participantId()).orElseThrow().inAudience(),
                "kept in Redis with the occupant, for every signalling node and a resume");
    }
}
