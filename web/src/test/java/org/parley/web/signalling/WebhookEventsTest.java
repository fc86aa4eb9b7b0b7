package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.EndMeeting;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RemoveParticipant;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;
import org.parley.web.webhook.RoomEvent;
import org.parley.web.webhook.RoomEvents;

/** Which room events signalling reports, and when: joins, leaves and ends, never a resume or a spell away. */
class WebhookEventsTest {

    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 16, 50);
    private final ManualTimers timers = new ManualTimers();
    private final List<RoomEvent> events = new CopyOnWriteArrayList<>();
    private final RoomEvents recording = events::add;
    private final SignallingService signalling = new SignallingService(rooms, new LocalRoomChannel(),
            new RecordingMediaNode(), timers, TestIceServers.none(), InMemoryConnectionReports.reports(), recording,
            Duration.ofSeconds(30));
    private final RoomService.Created room = rooms.create("Webhooks");

    private record Client(RecordingSocket socket, Connection connection) {
        Joined joined() {
            return socket.last(Joined.class);
        }
    }

    @Test
    void theFirstJoinStartsTheRoomLaterJoinsOnlyJoin() throws Exception {
        join(room.hostToken(), "Hana");
        assertEquals(List.of("room.started", "participant.joined Hana host"), taken());

        join(room.participantToken(), "Gus");
        assertEquals(List.of("participant.joined Gus"), taken());
    }

    @Test
    void aSpellAwayAndAResumeReportNothing() throws Exception {
        join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        taken();

        signalling.disconnected(guest.connection());
        Client back = connect();
        signalling.handle(back.connection(), new Join(roomId(), room.participantToken(), "Gus", guest.joined().resumeToken()));

        assertEquals(List.of(), taken());
        assertEquals(0, timers.fireAll(), "the grace timer was called off");
        assertEquals(List.of(), taken());
    }

    @Test
    void whenTheGraceRunsOutTheyLeaveAndTheLastOneEndsTheRoom() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        taken();

        signalling.disconnected(guest.connection());
        assertEquals(List.of(), taken(), "away is not gone");
        timers.fireAll();
        assertEquals(List.of("participant.left Gus timed-out"), taken());

        signalling.disconnected(host.connection());
        timers.fireAll();
        assertEquals(List.of("participant.left Hana host timed-out", "room.ended empty"), taken());
    }

    @Test
    void leavingEndsTheRoomOnlyWhenNobodyPresentOrAwayIsLeft() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        Client other = join(room.participantToken(), "Olga");
        signalling.disconnected(other.connection()); // away: still in the room
        taken();

        signalling.handle(guest.connection(), new Leave());
        assertEquals(List.of("participant.left Gus left"), taken());
        signalling.handle(host.connection(), new Leave());
        assertEquals(List.of("participant.left Hana host left"), taken(), "Olga, away, still keeps the room");

        Client pia = join(room.participantToken(), "Pia");
        assertEquals(List.of("participant.joined Pia"), taken(), "not a new start: Olga never left");

        timers.fireAll();
        assertEquals(List.of("participant.left Olga timed-out"), taken());
        signalling.handle(pia.connection(), new Leave());
        assertEquals(List.of("participant.left Pia left", "room.ended empty"), taken());

        join(room.participantToken(), "Quin");
        assertEquals(List.of("room.started", "participant.joined Quin"), taken(), "an empty room starts again");
    }

    @Test
    void theHostRemovingSomeoneIsALeaveForThem() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        taken();

        signalling.handle(host.connection(), new RemoveParticipant(guest.joined().participantId()));

        assertEquals(List.of("participant.left Gus removed"), taken());
    }

    @Test
    void theHostEndingTheMeetingEndsTheRoom() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.disconnected(guest.connection());
        taken();

        signalling.handle(host.connection(), new EndMeeting());
        timers.fireAll(); // Gus's grace timer was called off: nothing more

        assertEquals(List.of("room.ended meeting-ended"), taken());
    }

    @Test
    void shuttingDownRecordsEveryoneHereAsGone() throws Exception {
        join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.disconnected(guest.connection());
        taken();

        signalling.departAll(new Object());

        assertEquals(List.of("participant.left Hana host shutdown", "participant.left Gus shutdown", "room.ended empty"),
                taken());
    }

    // ---- helpers ----

    /** The events reported since the last call, each as "type [name [host] [reason]]"; checks their room. */
    private List<String> taken() {
        List<String> described = events.stream().map(this::describe).toList();
        events.clear();
        return described;
    }

    private String describe(RoomEvent event) {
        assertEquals(roomId(), event.roomId());
        if (event instanceof RoomEvent.ParticipantJoined joined) {
            return event.type() + " " + joined.participant().displayName() + (joined.participant().isHost() ? " host" : "");
        }
        if (event instanceof RoomEvent.ParticipantLeft left) {
            return event.type() + " " + left.participant().displayName() + (left.participant().isHost() ? " host" : "")
                    + " " + left.reason().wireName();
        }
        if (event instanceof RoomEvent.RoomEnded ended) {
            return event.type() + " " + ended.reason().wireName();
        }
        return event.type();
    }

    private static Client connect() {
        RecordingSocket socket = new RecordingSocket();
        return new Client(socket, new Connection(socket, System::nanoTime));
    }

    private Client join(String token, String name) throws ProtocolException {
        Client client = connect();
        signalling.handle(client.connection(), new Join(roomId(), token, name, null));
        assertNull(client.socket().closedAs);
        return client;
    }

    private String roomId() {
        return room.room().id();
    }
}
