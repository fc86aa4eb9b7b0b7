package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The invitation in a join URL, as anyone may make one up: checking it gives a verdict, never an exception, and a
 * token this server issued for a room, whatever its id, is valid for that room with its role and for no other room.
 *
 * <p>The input is {@code <room id>\n<token>}.
 */
class InviteTokensFuzzTest {

    private static final InviteTokens TOKENS = new InviteTokens("fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8),
            Duration.ofHours(24), Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    @FuzzTest
    void check(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String roomId = newline < 0 ? "room-1" : text.substring(0, newline);
        String token = text.substring(newline + 1);

        assertNotNull(TOKENS.check(token, roomId));
        for (Role role : Role.values()) {
            String issued = TOKENS.issue(roomId, role);
            assertEquals(new InviteTokens.Verdict.Valid(role), TOKENS.check(issued, roomId));
            assertEquals(new InviteTokens.Verdict.Invalid(), TOKENS.check(issued, roomId + "x"), "for another room");
        }
    }
}
