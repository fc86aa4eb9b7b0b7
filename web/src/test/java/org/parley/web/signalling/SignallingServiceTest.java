package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.EndMeeting;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.MuteParticipant;
import org.parley.api.signalling.MutedByHost;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.ShareScreen;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RemoveParticipant;
import org.parley.api.signalling.Removed;
import org.parley.api.signalling.RestartIce;
import org.parley.media.spi.MediaKind;
import org.parley.web.invite.InviteTokens;
import org.parley.web.media.SignalSink;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.Occupant;
import org.parley.web.room.PresenceIndex;
import org.parley.web.room.RoomService;
import org.parley.web.webhook.RoomEvents;

/** The protocol state machine over an in-memory room store, a recording media node and timers fired by hand. */
class SignallingServiceTest {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private static final int MAX_PARTICIPANTS = 4;
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), MAX_PARTICIPANTS, 50);
    private final RecordingMediaNode media = new RecordingMediaNode();
    private final ManualTimers timers = new ManualTimers();
    private final LocalRoomChannel channel = new LocalRoomChannel();
    private final SignallingService signalling = new SignallingService(rooms, channel, media, timers,
            TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE, GRACE);
    private final RoomService.Created room = rooms.create("Unit room");

    /** A client: its socket's view and its connection's. */
    private record Client(RecordingSocket socket, Connection connection) {
        Joined joined() {
            return socket.last(Joined.class);
        }

        String id() {
            return joined().participantId();
        }
    }

    @Test
    void aLostSocketIsAwayWithItsMediaKeptUntilTheGracePeriodEnds() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");

        signalling.disconnected(guest.connection());

        assertEquals(new Participant(guest.id(), "Gus", false, false, false, false),
                host.socket().last(ParticipantUpdated.class).participant());
        assertTrue(host.socket().all(ParticipantLeft.class).isEmpty());
        assertFalse(stored(guest).isPresent());
        assertEquals(1, store.occupancyCount(roomId()));
        assertEquals(List.of(), media.closed, "media kept for a comeback");
        assertEquals(GRACE, timers.scheduled.get(0).delay());

        assertEquals(1, timers.fireAll());
        assertEquals(guest.id(), host.socket().last(ParticipantLeft.class).participantId());
        assertTrue(store.occupant(roomId(), guest.id()).isEmpty());
        assertEquals(List.of(guest.id()), media.closed);
        assertEquals(1, store.occupancyCount(roomId()));
    }

    @Test
    void aResumeWithinTheGracePeriodKeepsTheParticipantAndItsMedia() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.handle(guest.connection(), new Mute("video", true));
        signalling.disconnected(guest.connection());

        Client back = connect();
        signalling.handle(back.connection(), new Join(roomId(), room.participantToken(), "ignored", guest.joined().resumeToken()));

        Joined resumed = back.joined();
        assertTrue(resumed.resumed());
        assertEquals(guest.id(), resumed.participantId());
        assertEquals(List.of(participant(host, true)), resumed.participants());
        assertEquals(new Participant(guest.id(), "Gus", false, true, false, true),
                host.socket().last(ParticipantUpdated.class).participant());
        assertTrue(stored(guest).isPresent());
        assertEquals(2, store.occupancyCount(roomId()));
        RecordingMediaNode.Open reopened = media.opened.get(media.opened.size() - 1);
        assertEquals(guest.id(), reopened.participantId());
        assertEquals(0, timers.pending(), "the grace timer was called off");
        assertEquals(0, timers.fireAll());
        assertEquals(List.of(), media.closed);

        // Messages to the participant now reach the new socket.
        signalling.handle(host.connection(), new MuteParticipant(guest.id(), "audio"));
        assertEquals("audio", back.socket().last(MutedByHost.class).kind());
        assertTrue(guest.socket().all(MutedByHost.class).isEmpty());
    }

    @Test
    void aResumeBeforeTheOldSocketIsNoticedDeadReplacesItQuietly() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        int updatesBefore = host.socket().all(ParticipantUpdated.class).size();

        Client back = connect();
        signalling.handle(back.connection(), new Join(roomId(), room.participantToken(), "Gus", guest.joined().resumeToken()));
        assertEquals("replaced", guest.socket().closedAs);
        signalling.disconnected(guest.connection()); // its close arrives after the resume

        assertEquals(updatesBefore + 1, host.socket().all(ParticipantUpdated.class).size(), "only the 'back' update");
        assertTrue(host.socket().last(ParticipantUpdated.class).participant().isPresent());
        assertTrue(stored(guest).isPresent());
        assertEquals(0, timers.pending());
        signalling.handle(back.connection(), new Leave());
        assertEquals(guest.id(), host.socket().last(ParticipantLeft.class).participantId());
        assertEquals(List.of(guest.id()), media.closed);
    }

    @Test
    void aResumeAfterTheGracePeriodOrWithABadTokenIsRefusedAndChangesNothing() throws Exception {
        join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.disconnected(guest.connection());
        timers.fireAll();

        Client late = connect();
        for (String resumeToken : List.of(guest.joined().resumeToken(), "forged.token")) {
            ProtocolException refused = assertThrows(ProtocolException.class, () -> signalling.handle(late.connection(),
                    new Join(roomId(), room.participantToken(), "Gus", resumeToken)));
            assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
        }
        assertEquals(1, store.occupants(roomId()).size());
        assertEquals(1, store.occupancyCount(roomId()));
        // The same socket may then join afresh.
        signalling.handle(late.connection(), new Join(roomId(), room.participantToken(), "Gus", null));
        assertFalse(late.joined().resumed());
    }

    @Test
    void leaveIsImmediateAndLeavesNoTimer() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.handle(guest.connection(), new Leave());
        assertEquals(guest.id(), host.socket().last(ParticipantLeft.class).participantId());
        assertEquals("normally", guest.socket().closedAs);
        assertEquals(0, timers.pending());
        assertTrue(store.occupant(roomId(), guest.id()).isEmpty());
        signalling.disconnected(guest.connection()); // the close that follows changes nothing
        assertEquals(1, host.socket().all(ParticipantLeft.class).size());
        assertTrue(host.socket().all(ParticipantUpdated.class).isEmpty());
    }

    @Test
    void mutingIsStoredAppliedToMediaAndToldToEveryone() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.handle(guest.connection(), new Mute("audio", true));

        assertTrue(stored(guest).audioMuted());
        assertEquals(List.of(new RecordingMediaNode.Muted(guest.id(), MediaKind.AUDIO, true)), media.muted);
        Participant expected = new Participant(guest.id(), "Gus", false, true, true, false);
        assertEquals(expected, host.socket().last(ParticipantUpdated.class).participant());
        assertTrue(guest.socket().all(ParticipantUpdated.class).isEmpty(), "participants lists hold only others");

        ProtocolException bad = assertThrows(ProtocolException.class,
                () -> signalling.handle(guest.connection(), new Mute("microphone", true)));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, bad.code());
    }

    @Test
    void sharingAScreenIsStoredPassedToTheMediaAndToldToTheOthers() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");

        signalling.handle(guest.connection(), new ShareScreen(true));

        assertTrue(stored(guest).sharingScreen());
        assertEquals(new ShareScreen(true), media.signals.get(media.signals.size() - 1));
        assertEquals(new Participant(guest.id(), "Gus", false, true, false, false, true),
                host.socket().last(ParticipantUpdated.class).participant());
        signalling.handle(guest.connection(), new ShareScreen(false));
        assertFalse(stored(guest).sharingScreen());
        assertFalse(host.socket().last(ParticipantUpdated.class).participant().sharingScreen());
    }

    @Test
    void onlyTheHostMutesOthersAndOnlyTheirMicrophones() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        Client other = join(room.participantToken(), "Olga");

        assertEquals(ErrorCode.FORBIDDEN, refused(other, new MuteParticipant(guest.id(), "audio")));
        assertEquals(ErrorCode.FORBIDDEN, refused(host, new MuteParticipant(guest.id(), "video")));
        assertEquals(ErrorCode.PARTICIPANT_NOT_FOUND, refused(host, new MuteParticipant("nobody", "audio")));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, refused(host, new MuteParticipant(null, "audio")));
        assertFalse(stored(guest).audioMuted());
        assertEquals(List.of(), media.muted);

        signalling.handle(host.connection(), new MuteParticipant(guest.id(), "audio"));
        assertTrue(stored(guest).audioMuted());
        assertEquals(List.of(new RecordingMediaNode.Muted(guest.id(), MediaKind.AUDIO, true)), media.muted);
        assertEquals("audio", guest.socket().last(MutedByHost.class).kind());
        assertTrue(other.socket().last(ParticipantUpdated.class).participant().audioMuted());
        assertTrue(other.socket().all(MutedByHost.class).isEmpty());

        signalling.handle(guest.connection(), new Mute("audio", false));
        assertFalse(stored(guest).audioMuted());
    }

    @Test
    void restartIceGoesToTheMediaNode() throws Exception {
        Client guest = join(room.participantToken(), "Gus");
        signalling.handle(guest.connection(), new RestartIce());
        assertEquals(List.of(new RestartIce()), media.signals);
        Client stranger = connect();
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, refused(stranger, new RestartIce()));
    }

    @Test
    void shuttingDownRemovesTheAwayAndThePresentAndCallsOffTimers() throws Exception {
        join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        signalling.disconnected(guest.connection());

        signalling.departAll(new Object());

        assertEquals(List.of(), store.occupants(roomId()));
        assertEquals(0, store.occupancyCount(roomId()));
        assertEquals(0, timers.pending());
        assertEquals(2, media.closed.size());
    }

    @Test
    void drainingAsksEveryoneToReconnectElsewhereWithoutAnyoneLeaving() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        List<String> told = new java.util.ArrayList<>();

        assertEquals(2, signalling.moveEveryoneElsewhere((roomId, participantId) -> told.add(participantId)));

        assertEquals("restart", host.socket().closedAs);
        assertEquals("restart", guest.socket().closedAs);
        assertEquals(List.of(host.id(), guest.id()).stream().sorted().toList(), told.stream().sorted().toList());
        assertFalse(stored(guest).isPresent(), "recorded away before the socket closed, so a resume elsewhere comes after");
        assertTrue(host.socket().all(ParticipantLeft.class).isEmpty() && guest.socket().all(ParticipantLeft.class).isEmpty());
        assertEquals(List.of(), media.closed, "media kept: it moves, it is not ended");
        assertEquals(2, signalling.stillMoving());

        // Gus resumes on another node (the shared store says present): he has moved; Hana has not yet.
        store.saveOccupant(roomId(), stored(guest).withPresent(true), 1);
        assertEquals(1, signalling.stillMoving());

        // New sockets and joins here are turned away with 1012, so pages go elsewhere.
        assertTrue(signalling.refusesNewSockets());
        Client late = connect();
        signalling.handle(late.connection(), new Join(roomId(), room.participantToken(), "Late", null));
        assertEquals("restart", late.socket().closedAs);
        assertTrue(late.socket().all(Joined.class).isEmpty());

        // Hana never comes back: at shutdown she leaves on the usual terms; Gus, present elsewhere, stays.
        signalling.departAll(new Object());
        assertEquals(List.of(guest.id()), store.occupants(roomId()).stream().map(Occupant::participantId).toList());
    }

    @Test
    void theOccupantsOfASignallingNodeThatDiedAreTakenOverAwayThenLeaveUnlessTheyComeBack() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        Client other = join(room.participantToken(), "Olga");
        assertEquals("local", stored(guest).node(), "held by the node their socket is on");
        // Another node on the same rooms and room events: it finds that "local" died without a word.
        ManualTimers survivorTimers = new ManualTimers();
        PresenceIndex survivorIndex = new PresenceIndex.Unindexed("survivor");
        RoomService survivorRooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
                new ResumeTokens(secret), MAX_PARTICIPANTS, 50, survivorIndex);
        SignallingService survivor = new SignallingService(survivorRooms, channel, media, survivorTimers,
                TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE, GRACE);

        survivor.takeOver(roomId(), guest.id(), "local");
        survivor.takeOver(roomId(), other.id(), "local");
        assertFalse(stored(guest).isPresent(), "away now");
        assertEquals("survivor", stored(guest).node());
        assertFalse(host.socket().last(ParticipantUpdated.class).participant().isPresent(), "everyone is told");
        assertEquals(1, store.occupancyCount(roomId()), "only the host counts");
        survivor.takeOver(roomId(), guest.id(), "local"); // a second claim: nothing more
        assertEquals(2, survivorTimers.pending(), "one absence each, timed by the survivor");

        // Olga comes back through the survivor before her time is up; Gus does not.
        Client back = new Client(new RecordingSocket(), null);
        Connection backConnection = new Connection(back.socket(), System::nanoTime);
        survivor.handle(backConnection, new Join(roomId(), room.participantToken(), "Olga", other.joined().resumeToken()));
        assertTrue(back.socket().last(Joined.class).resumed());
        assertEquals(1, survivorTimers.fireAll(), "Olga's absence was called off");
        assertEquals(guest.id(), host.socket().last(ParticipantLeft.class).participantId());
        assertEquals(Set.of(host.id(), other.id()), Set.copyOf(store.occupants(roomId()).stream()
                .map(Occupant::participantId).toList()));

        // Nobody is taken over from a node that does not hold them.
        survivor.takeOver(roomId(), other.id(), "local");
        assertTrue(stored(other).isPresent());
    }

    // ---- host powers: end the meeting, remove a participant ----

    @Test
    void theHostEndsTheMeetingForEveryoneIncludingTheAway() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        Client away = join(room.participantToken(), "Ada");
        signalling.disconnected(away.connection());
        assertEquals(1, timers.pending());

        signalling.handle(host.connection(), new EndMeeting());

        for (Client member : List.of(host, guest)) {
            assertEquals(new MeetingEnded(), member.socket().received.get(member.socket().received.size() - 1),
                    "meetingEnded is the last message");
            assertEquals("ended", member.socket().closedAs);
        }
        assertEquals(java.util.Set.of(host.id(), guest.id(), away.id()), java.util.Set.copyOf(media.closed));
        assertEquals(0, timers.pending(), "the away participant's grace timer was called off");
        assertTrue(store.find(roomId()).orElseThrow().isEnded());
        assertEquals(List.of(), store.occupants(roomId()));

        // Nobody gets back in: not with an invitation, not with a resume token.
        assertEquals(ErrorCode.ROOM_ENDED, refused(connect(), new Join(roomId(), room.participantToken(), "Late", null)));
        assertEquals(ErrorCode.ROOM_ENDED, refused(connect(), new Join(roomId(), room.hostToken(), "Hana", null)));
        assertEquals(ErrorCode.ROOM_ENDED,
                refused(connect(), new Join(roomId(), room.participantToken(), "Ada", away.joined().resumeToken())));
        // The sockets' own closes, arriving afterwards, change nothing.
        signalling.disconnected(host.connection());
        signalling.disconnected(guest.connection());
        assertEquals(0, timers.pending());
        assertEquals(List.of(), store.occupants(roomId()));
    }

    @Test
    void onlyTheHostEndsTheMeeting() throws Exception {
        join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        assertEquals(ErrorCode.FORBIDDEN, refused(guest, new EndMeeting()));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, refused(connect(), new EndMeeting()));
        assertFalse(store.find(roomId()).orElseThrow().isEnded());
        assertEquals(2, store.occupancyCount(roomId()));
        assertNull(guest.socket().closedAs);
    }

    @Test
    void theHostRemovesAParticipantWhoIsToldAndDisconnected() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        Client other = join(room.participantToken(), "Olga");

        signalling.handle(host.connection(), new RemoveParticipant(guest.id()));

        assertEquals(new Removed(), guest.socket().received.get(guest.socket().received.size() - 1));
        assertEquals("removed", guest.socket().closedAs);
        for (Client member : List.of(host, other)) {
            assertEquals(guest.id(), member.socket().last(ParticipantLeft.class).participantId());
        }
        assertTrue(store.occupant(roomId(), guest.id()).isEmpty());
        assertEquals(2, store.occupancyCount(roomId()));
        assertEquals(List.of(guest.id()), media.closed);
        signalling.disconnected(guest.connection()); // its close changes nothing more
        assertEquals(1, host.socket().all(ParticipantLeft.class).size());
        assertEquals(0, timers.pending());
        // Removal is not a ban: the link still works, as someone new.
        assertFalse(join(room.participantToken(), "Gus").id().equals(guest.id()));
    }

    @Test
    void removingIsForTheHostAndForSomeoneInTheRoom() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        assertEquals(ErrorCode.FORBIDDEN, refused(guest, new RemoveParticipant(host.id())));
        assertEquals(ErrorCode.FORBIDDEN, refused(host, new RemoveParticipant(host.id())));
        assertEquals(ErrorCode.PARTICIPANT_NOT_FOUND, refused(host, new RemoveParticipant("nobody")));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, refused(host, new RemoveParticipant(null)));
        assertEquals(2, store.occupants(roomId()).size());
        assertEquals(2, store.occupancyCount(roomId()));
        assertEquals(List.of(), media.closed);
        assertNull(guest.socket().closedAs);
    }

    // ---- admission ----

    @Test
    void aFullRoomRefusesTheNextPersonClearly() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        for (int i = 1; i < MAX_PARTICIPANTS; i++) {
            join(room.participantToken(), "P" + i);
        }
        signalling.disconnected(host.connection()); // away people keep their place
        ProtocolException full = assertThrows(ProtocolException.class, () -> signalling.handle(connect().connection(),
                new Join(roomId(), room.participantToken(), "One too many", null)));
        assertEquals(ErrorCode.ROOM_FULL, full.code());
        assertEquals("This room is full (" + MAX_PARTICIPANTS + " people).", full.getMessage());
        assertEquals(MAX_PARTICIPANTS, store.occupants(roomId()).size());
        assertEquals(MAX_PARTICIPANTS - 1, store.occupancyCount(roomId()));
    }

    @Test
    void aSecondHostIsRefusedWhileTheFirstIsInTheRoom() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        assertEquals(ErrorCode.HOST_ALREADY_PRESENT, refused(connect(), new Join(roomId(), room.hostToken(), "Rita", null)));
        signalling.disconnected(host.connection()); // away: their place, host role included, is kept for them
        assertEquals(ErrorCode.HOST_ALREADY_PRESENT, refused(connect(), new Join(roomId(), room.hostToken(), "Rita", null)));
        assertEquals(List.of(host.id()), store.occupants(roomId()).stream().map(Occupant::participantId).toList());
        timers.fireAll(); // the grace ends
        assertTrue(join(room.hostToken(), "Sam").joined().isHost());
    }

    @Test
    void badInvitationsAndRoomIdsGetSpecificErrorsAndChangeNothing() throws Exception {
        Client member = join(room.participantToken(), "Mia");
        RoomService.Created other = rooms.create("Other");
        InviteTokens yesterday = new InviteTokens("unit-test-secret-of-at-least-32-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofHours(1), java.time.Clock.fixed(java.time.Instant.now().minus(Duration.ofDays(1)), java.time.ZoneOffset.UTC));
        java.util.Map<String, ErrorCode> expected = new java.util.LinkedHashMap<>();
        expected.put(yesterday.issue(roomId(), org.parley.web.invite.Role.PARTICIPANT), ErrorCode.TOKEN_EXPIRED);
        expected.put(other.participantToken(), ErrorCode.UNAUTHORIZED);
        expected.put(other.hostToken(), ErrorCode.UNAUTHORIZED);
        expected.put("forged.token", ErrorCode.UNAUTHORIZED);
        for (var entry : expected.entrySet()) {
            assertEquals(entry.getValue(), refused(connect(), new Join(roomId(), entry.getKey(), "Ivan", null)), entry.getKey());
        }
        for (String badId : java.util.Arrays.asList("r".repeat(65), "../*", "", null, "room id")) {
            ProtocolException refused = assertThrows(ProtocolException.class, () -> signalling.handle(connect().connection(),
                    new Join(badId, room.participantToken(), "Ivan", null)));
            assertEquals(ErrorCode.INVALID_REQUEST, refused.code(), String.valueOf(badId));
        }
        assertEquals(ErrorCode.ROOM_NOT_FOUND, refused(connect(), new Join("no-such-room", room.participantToken(), "Ivan", null)));
        for (String badName : List.of("n".repeat(RoomService.MAX_DISPLAY_NAME_LENGTH + 1), "bell\u0007")) {
            assertEquals(ErrorCode.INVALID_REQUEST, refused(connect(), new Join(roomId(), room.participantToken(), badName, null)));
        }
        assertEquals(List.of(member.id()), store.occupants(roomId()).stream().map(Occupant::participantId).toList());
        assertEquals(1, store.occupancyCount(roomId()));
        assertEquals(1, media.opened.size());
    }

    // ---- presence follows the media connection ----

    @Test
    void lostMediaMakesAParticipantAwayWhileTheirSocketStaysOpen() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        SignalSink guestMedia = media.opened.get(1).sink();
        guestMedia.mediaConnectionChanged(true); // the first connect: they are present already
        assertEquals(0, timers.pending(), "nothing to record");

        guestMedia.mediaConnectionChanged(false);
        timers.fireAll();
        assertEquals(new Participant(guest.id(), "Gus", false, false, false, false),
                host.socket().last(ParticipantUpdated.class).participant());
        assertFalse(stored(guest).isPresent());
        assertEquals(1, store.occupancyCount(roomId()));
        assertNull(guest.socket().closedAs, "the socket stays open");
        assertEquals(0, timers.pending(), "no grace timer while the socket is open: they may be restarting ICE");

        guestMedia.mediaConnectionChanged(true);
        timers.fireAll();
        assertTrue(host.socket().last(ParticipantUpdated.class).participant().isPresent());
        assertTrue(stored(guest).isPresent());
        assertEquals(2, store.occupancyCount(roomId()));
        assertEquals(List.of(), media.closed);
        // Messages from the media node still reach the socket through the sink.
        guestMedia.send(new RestartIce());
        assertEquals(new RestartIce(), guest.socket().received.get(guest.socket().received.size() - 1));
    }

    @Test
    void aQuickLostAndBackEndsAsBackAndNewsFromAReplacedSocketIsIgnored() throws Exception {
        Client host = join(room.hostToken(), "Hana");
        Client guest = join(room.participantToken(), "Gus");
        SignalSink oldSink = media.opened.get(1).sink();
        oldSink.mediaConnectionChanged(false);
        oldSink.mediaConnectionChanged(true);
        timers.fireAll();
        assertTrue(stored(guest).isPresent());
        assertTrue(host.socket().all(ParticipantUpdated.class).isEmpty(), "nothing changed, nothing announced");

        Client back = connect();
        signalling.handle(back.connection(), new Join(roomId(), room.participantToken(), "Gus", guest.joined().resumeToken()));
        int updates = host.socket().all(ParticipantUpdated.class).size();
        oldSink.mediaConnectionChanged(false); // the replaced connection's sink
        timers.fireAll();
        assertTrue(stored(guest).isPresent());
        assertEquals(updates, host.socket().all(ParticipantUpdated.class).size());
    }

    @Test
    void aNegativeGracePeriodIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new SignallingService(rooms, new LocalRoomChannel(), media, timers, TestIceServers.none(), InMemoryConnectionReports.reports(),
                        RoomEvents.NONE, Duration.ofSeconds(-1)));
    }

    // ---- helpers ----

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

    private ErrorCode refused(Client client, org.parley.api.signalling.Message.FromClient message) {
        return assertThrows(ProtocolException.class, () -> signalling.handle(client.connection(), message)).code();
    }

    private Occupant stored(Client client) {
        return store.occupant(roomId(), client.id()).orElseThrow();
    }

    private static Participant participant(Client client, boolean present) {
        Joined joined = client.joined();
        return new Participant(joined.participantId(), "Hana", joined.isHost(), present, false, false);
    }

    private String roomId() {
        return room.room().id();
    }
}
