package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A resume token in a {@code join}, as anyone may make one up: verifying it gives a participant or none, never an
 * exception; and a token issued for a participant of a room names that participant there, and nobody in another room.
 *
 * <p>The input is {@code <room id>\n<token>}; the token's text also serves as a participant id.
 */
class ResumeTokensFuzzTest {

    private static final ResumeTokens TOKENS = new ResumeTokens(new TokenSecret("fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8)));

    @FuzzTest
    void verify(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String roomId = newline < 0 ? "room-1" : text.substring(0, newline);
        String token = text.substring(newline + 1);

        assertNotNull(TOKENS.verify(token, roomId));
        String issued = TOKENS.issue(roomId, token);
        if (issued.length() <= 256) { // longer than any participant id makes
            assertEquals(Optional.of(token), TOKENS.verify(issued, roomId));
        }
        assertEquals(Optional.empty(), TOKENS.verify(issued, roomId + "x"), "for another room");
    }
}
