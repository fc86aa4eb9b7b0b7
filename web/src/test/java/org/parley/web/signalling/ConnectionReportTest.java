package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.ConnectionReport;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.connection.ConnectionReports;
import org.parley.web.connection.ReportedConnection;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.ResumeTokens;
import org.parley.web.invite.TokenSecret;
import org.parley.web.room.RoomService;
import org.parley.web.webhook.RoomEvents;

/** A member's connection reports are kept for the host and operators; reports out of bounds are refused, named. */
class ConnectionReportTest {

    private final InMemoryRooms store = new InMemoryRooms();
    private final TokenSecret secret = new TokenSecret(Optional.of("unit-test-secret-of-at-least-32-bytes"));
    private final RoomService rooms = new RoomService(store, store, new InviteTokens(secret, Duration.ofHours(1)),
            new ResumeTokens(secret), 4, 50);
    private final ConnectionReports reports = InMemoryConnectionReports.reports();
    private final SignallingService signalling = new SignallingService(rooms, new LocalRoomChannel(),
            new RecordingMediaNode(), new ManualTimers(), TestIceServers.none(), reports, RoomEvents.NONE,
            Duration.ofSeconds(30));
    private final RoomService.Created room = rooms.create("Reports");

    @Test
    void aMembersLatestReportIsKept() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Connection ana = new Connection(socket, System::nanoTime);
        signalling.handle(ana, new Join(room.room().id(), room.participantToken(), "Ana", null));
        String anaId = socket.last(Joined.class).participantId();

        signalling.handle(ana, new ConnectionReport("NONE", -1, 0, "unreachable"));
        signalling.handle(ana, new ConnectionReport("TCP", 35, 2.5, "udp-blocked"));

        ReportedConnection kept = reports.of(room.room().id()).get(anaId);
        assertEquals("TCP", kept.path());
        assertEquals(35, kept.roundTripMs());
        assertEquals(2.5, kept.lossPercent());
        assertEquals("udp-blocked", kept.diagnosis());
    }

    @Test
    void reportsOutOfBoundsAreRefusedAndKeepNothing() throws Exception {
        RecordingSocket socket = new RecordingSocket();
        Connection ana = new Connection(socket, System::nanoTime);
        signalling.handle(ana, new Join(room.room().id(), room.participantToken(), "Ana", null));

        assertRefused(ana, new ConnectionReport("CARRIER-PIGEON", 10, 0, null), "'path' must be one of");
        assertRefused(ana, new ConnectionReport(null, 10, 0, null), "'path' must be one of");
        assertRefused(ana, new ConnectionReport("UDP", 3_600_000, 0, null), "'roundTripMs' must be -1 (unknown) to 60000");
        assertRefused(ana, new ConnectionReport("UDP", 10, Double.NaN, null), "'lossPercent' must be 0 to 100");
        assertRefused(ana, new ConnectionReport("UDP", 10, 140, null), "'lossPercent' must be 0 to 100");
        assertRefused(ana, new ConnectionReport("UDP", 10, 0, "<script>"), "'diagnosis' must be absent or one of");
        assertTrue(reports.of(room.room().id()).isEmpty(), "nothing kept");
    }

    @Test
    void aReportBeforeJoiningIsUnexpected() {
        Connection stranger = new Connection(new RecordingSocket(), System::nanoTime);
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> signalling.handle(stranger, new ConnectionReport("UDP", 10, 0, null)));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, refused.code());
        assertTrue(reports.of(room.room().id()).isEmpty());
    }

    private void assertRefused(Connection connection, ConnectionReport report, String why) {
        ProtocolException refused = assertThrows(ProtocolException.class, () -> signalling.handle(connection, report));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, refused.code());
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }
}
