package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {

    private static final byte[] SECRET = "test-secret-of-32-bytes-length!!".getBytes(StandardCharsets.UTF_8);

    private final ResumeTokens tokens = new ResumeTokens(new TokenSecret(SECRET));

    @Test
    void aTokenNamesItsParticipantInItsRoomOnly() {
        String token = tokens.issue("room1", "p-1");
        assertEquals(Optional.of("p-1"), tokens.verify(token, "room1"));
        assertEquals(Optional.empty(), tokens.verify(token, "room2"));
    }

    @Test
    void anotherParticipantsNameCannotBeSwappedIn() {
        String[] parts = tokens.issue("room1", "p-1").split("\\.");
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString("p-2".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1];
        assertEquals(Optional.empty(), tokens.verify(swapped, "room1"));
    }

    @Test
    void anotherSecretsTokensAndGarbageAreRefused() {
        ResumeTokens other = new ResumeTokens(new TokenSecret("another-secret".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), tokens.verify(other.issue("room1", "p-1"), "room1"));
        for (String garbage : new String[] {null, "", ".", "no-dot", "!!!.???", "a".repeat(10_000) + ".b"}) {
            assertEquals(Optional.empty(), tokens.verify(garbage, "room1"), String.valueOf(garbage));
        }
    }

    @Test
    void invitationsAndResumeTokensNeverPassForEachOther() {
        TokenSecret secret = new TokenSecret(SECRET);
        InviteTokens invitations = new InviteTokens(SECRET, Duration.ofHours(1), Clock.systemUTC());
        String invitation = invitations.issue("room1", Role.HOST);
        assertEquals(Optional.empty(), new ResumeTokens(secret).verify(invitation, "room1"));
        assertEquals(Optional.empty(), invitations.verify(tokens.issue("room1", "p-1"), "room1"));
    }
}
