package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.IceServer;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;
import org.parley.web.turn.IceServerIssuer;
import org.parley.web.turn.TurnSettings;
import org.parley.web.webhook.RoomEvents;

/** Every {@code joined}, a resume's too, carries the configured ICE servers with TURN credentials issued then. */
class IceServersOnJoinTest {

    private static final Duration TTL = Duration.ofHours(12);
    private static final String STUN = "stun:stun.example.com:3478";
    private static final List<String> TURN = List.of("turn:turn.example.com:3478?transport=udp",
            "turn:turn.example.com:3478?transport=tcp", "turns:turn.example.com:5349?transport=tcp");

    private final AdvancingClock clock = new AdvancingClock(Instant.parse("2026-11-24T08:00:00Z"));
    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 4, 50);
    private final IceServerIssuer issuer = new IceServerIssuer(TurnSettings.from(
            Optional.of(STUN + "," + String.join(",", TURN)), Optional.of("coturn-secret"), TTL.toString()), clock);
    private final SignallingService signalling = new SignallingService(rooms, new LocalRoomChannel(),
            new RecordingMediaNode(), new ManualTimers(), issuer, InMemoryConnectionReports.reports(),
            RoomEvents.NONE, Duration.ofSeconds(30));
    private final RoomService.Created room = rooms.create("Firewalled");

    @Test
    void aJoinGetsTheStunServerAndTheTurnServersWithCredentialsOfItsOwn() throws Exception {
        Joined joined = join(null).last(Joined.class);

        List<IceServer> servers = joined.iceServers();
        assertEquals(2, servers.size(), servers::toString);
        assertEquals(List.of(STUN), servers.get(0).urls());
        assertNull(servers.get(0).username(), "STUN needs no credentials");
        assertNull(servers.get(0).credential());
        assertEquals(TURN, servers.get(1).urls());
        assertEquals(clock.instant().plus(TTL).getEpochSecond() + ":" + joined.participantId(), servers.get(1).username());
        assertEquals(issuer.issueFor(joined.participantId()).get(1).credential(), servers.get(1).credential());
    }

    @Test
    void aResumeGetsFreshCredentials() throws Exception {
        RecordingSocket first = join(null);
        Joined joined = first.last(Joined.class);
        clock.advance(Duration.ofHours(3));

        Joined resumed = join(joined.resumeToken()).last(Joined.class);

        assertTrue(resumed.resumed());
        assertEquals(joined.participantId(), resumed.participantId());
        IceServer before = joined.iceServers().get(1);
        IceServer after = resumed.iceServers().get(1);
        assertEquals(clock.instant().plus(TTL).getEpochSecond() + ":" + joined.participantId(), after.username());
        assertNotEquals(before.credential(), after.credential());
    }

    @Test
    void withNothingConfiguredJoinedSaysNoServers() throws Exception {
        SignallingService plain = new SignallingService(rooms, new LocalRoomChannel(), new RecordingMediaNode(),
                new ManualTimers(), TestIceServers.none(), InMemoryConnectionReports.reports(), RoomEvents.NONE,
                Duration.ofSeconds(30));
        RecordingSocket socket = new RecordingSocket();
        plain.handle(new Connection(socket, System::nanoTime), new Join(room.room().id(), room.participantToken(), "Ana", null));

        assertEquals(List.of(), socket.last(Joined.class).iceServers());
    }

    private RecordingSocket join(String resumeToken) throws Exception {
        RecordingSocket socket = new RecordingSocket();
        signalling.handle(new Connection(socket, System::nanoTime),
                new Join(room.room().id(), room.participantToken(), "Ana", resumeToken));
        return socket;
    }

    /** A clock the test moves forward. */
    private static final class AdvancingClock extends Clock {
        private Instant now;

        AdvancingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
