package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Probe;
import org.parley.api.signalling.Probing;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;

/**
 * "Test my connection": an invitation buys a media connection in a room of one, for at most the limit; nobody joins,
 * and nothing outlives the socket.
 */
class ConnectionProbesTest {

    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 4, 50);
    private final RecordingMediaNode media = new RecordingMediaNode();
    private final ManualTimers timers = new ManualTimers();
    private final ConnectionProbes probes = new ConnectionProbes(rooms, media, TestIceServers.none(), timers);
    private final RoomService.Created room = rooms.create("Probed");

    @Test
    void anInvitationBuysAMediaConnectionOfOnesOwnAndNobodyJoins() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        ConnectionProbes.Session probe = new ConnectionProbes.Session(socket);

        probes.handle(probe, new Probe(room.room().id(), room.participantToken()));
        probes.handle(probe, new Offer("v=0", null));

        Probing probing = socket.last(Probing.class);
        assertEquals(30, probing.seconds());
        assertEquals(1, media.opened.size());
        assertEquals(List.of(new Offer("v=0", null)), media.signals, "the offer goes to the probe's own media");
        assertTrue(store.occupants(room.room().id()).isEmpty(), "nobody joined the room");
        assertEquals(1, probes.running());

        probes.end(probe);
        probes.end(probe);
        assertEquals(List.of(media.opened.get(0).participantId()), media.closed, "released once");
        assertEquals(0, probes.running());
    }

    @Test
    void aProbeEndsAtItsLimitAndClosesItsSocket() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        ConnectionProbes.Session probe = new ConnectionProbes.Session(socket);
        probes.handle(probe, new Probe(room.room().id(), room.participantToken()));

        assertEquals(1, timers.fireAll());

        assertEquals("normally", socket.closedAs);
        assertEquals(1, media.closed.size());
        assertEquals(0, probes.running());
        ProtocolException late = assertThrows(ProtocolException.class, () -> probes.handle(probe, new Offer("v=0", null)));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, late.code());
    }

    @Test
    void withoutAValidInvitationNothingIsOpened() {
        RecordingSocket socket = new RecordingSocket();
        ConnectionProbes.Session probe = new ConnectionProbes.Session(socket);

        assertRefused(probe, new Probe(room.room().id(), "forged"), ErrorCode.UNAUTHORIZED);
        RoomService.Created other = rooms.create("Elsewhere");
        assertRefused(probe, new Probe(room.room().id(), other.participantToken()), ErrorCode.UNAUTHORIZED);
        assertRefused(probe, new Probe("no-such-room", room.participantToken()), ErrorCode.ROOM_NOT_FOUND);
        assertRefused(probe, new Offer("v=0", null), ErrorCode.UNEXPECTED_MESSAGE);
        assertRefused(probe, new Join(room.room().id(), room.participantToken(), "Ana", null), ErrorCode.UNEXPECTED_MESSAGE);

        assertTrue(media.opened.isEmpty());
        assertNull(socket.closedAs);
        assertEquals(0, probes.running());
    }

    @Test
    void oneProbePerSocketAndABoundedNumberAtOnce() throws Exception {
        List<ConnectionProbes.Session> running = new ArrayList<>();
        for (int i = 0; i < ConnectionProbes.MAX_AT_ONCE; i++) {
            ConnectionProbes.Session probe = new ConnectionProbes.Session(new RecordingSocket());
            probes.handle(probe, new Probe(room.room().id(), room.participantToken()));
            running.add(probe);
        }
        assertRefused(running.get(0), new Probe(room.room().id(), room.participantToken()), ErrorCode.UNEXPECTED_MESSAGE);
        ConnectionProbes.Session oneTooMany = new ConnectionProbes.Session(new RecordingSocket());
        assertRefused(oneTooMany, new Probe(room.room().id(), room.participantToken()), ErrorCode.UNAVAILABLE);
        assertEquals(ConnectionProbes.MAX_AT_ONCE, media.opened.size());

        running.forEach(probes::end);
        probes.end(oneTooMany);
        assertEquals(0, probes.running());
        assertEquals(ConnectionProbes.MAX_AT_ONCE, media.closed.size());
    }

    private void assertRefused(ConnectionProbes.Session probe, Message.FromClient message, ErrorCode code) {
        ProtocolException refused = assertThrows(ProtocolException.class, () -> probes.handle(probe, message));
        assertEquals(code, refused.code(), refused.getMessage());
    }
}
