package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InviteTokensTest {

    private static final byte[] SECRET = "test-secret-of-32-bytes-length!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");

    private final InviteTokens tokens = at(NOW);

    @Test
    void aTokenGrantsItsRoleInItsRoom() {
        assertEquals(Optional.of(Role.HOST), tokens.verify(tokens.issue("room1", Role.HOST), "room1"));
        assertEquals(Optional.of(Role.PARTICIPANT), tokens.verify(tokens.issue("room1", Role.PARTICIPANT), "room1"));
    }

    @Test
    void aTokenOpensNoOtherRoom() {
        assertEquals(Optional.empty(), tokens.verify(tokens.issue("room1", Role.HOST), "room2"));
    }

    @Test
    void aTokenExpires() {
        String token = tokens.issue("room1", Role.PARTICIPANT);
        assertTrue(at(NOW.plus(Duration.ofHours(24))).verify(token, "room1").isPresent());
        assertEquals(Optional.empty(), at(NOW.plus(Duration.ofHours(24)).plusSeconds(1)).verify(token, "room1"));
    }

    @Test
    void changingTheRoleBreaksTheSignature() {
        String[] parts = tokens.issue("room1", Role.PARTICIPANT).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String promoted = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.replace("participant", "host").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), tokens.verify(promoted + "." + parts[1], "room1"));
    }

    @Test
    void anotherSecretsTokensAreRejected() {
        InviteTokens other = new InviteTokens("another-secret".getBytes(StandardCharsets.UTF_8), Duration.ofHours(24),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(Optional.empty(), tokens.verify(other.issue("room1", Role.HOST), "room1"));
    }

    @Test
    void garbageIsRejectedWithoutExceptions() {
        for (String garbage : new String[] {null, "", ".", "abc", "a.b", "!!.??", "aG9zdA.", ".aG9zdA"}) {
            assertEquals(Optional.empty(), tokens.verify(garbage, "room1"), garbage);
        }
    }

    private static InviteTokens at(Instant now) {
        return new InviteTokens(SECRET, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
    }
}
