package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Token keys: long enough or refused at start-up, and rotated by key id without breaking the tokens out there. */
class TokenSecretTest {

    private static final String OLD = "the-old-secret-that-is-at-least-32-bytes-long";
    private static final String NEW = "the-new-secret-that-is-at-least-32-bytes-long";

    @Test
    void aSecretShorterThan32BytesIsRefusedSayingHowToMakeOne() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TokenSecret(Optional.of("short-secret")));
        assertTrue(refused.getMessage().contains("parley.token-secret") && refused.getMessage().contains("32 bytes"),
                refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TokenSecret(Optional.of(NEW), Optional.of("old-and-short")));
    }

    @Test
    void tokensSignedWithTheOldKeyKeepWorkingAfterARotationAndStopWhenItIsDropped() {
        TokenSecret before = new TokenSecret(Optional.of(OLD));
        TokenSecret rotated = new TokenSecret(Optional.of(NEW), Optional.of(OLD));
        TokenSecret dropped = new TokenSecret(Optional.of(NEW));
        assertNotEquals(before.keyId(), rotated.keyId());

        String invitation = new InviteTokens(before, Duration.ofHours(1)).issue("room-1", Role.PARTICIPANT);
        String resume = new ResumeTokens(before).issue("room-1", "p-1");

        assertEquals(Optional.of(Role.PARTICIPANT), new InviteTokens(rotated, Duration.ofHours(1)).verify(invitation, "room-1"));
        assertEquals(Optional.of("p-1"), new ResumeTokens(rotated).verify(resume, "room-1"));
        assertEquals(Optional.empty(), new InviteTokens(dropped, Duration.ofHours(1)).verify(invitation, "room-1"));
        assertEquals(Optional.empty(), new ResumeTokens(dropped).verify(resume, "room-1"));
        String fresh = new InviteTokens(rotated, Duration.ofHours(1)).issue("room-1", Role.HOST);
        assertEquals(Optional.of(Role.HOST), new InviteTokens(dropped, Duration.ofHours(1)).verify(fresh, "room-1"));
    }

    @Test
    void aTokenFromBeforeKeyIdsIsCheckedWithTheCurrentKey() {
        TokenSecret secret = new TokenSecret(Optional.of(NEW));
        String claims = "participant|" + (System.currentTimeMillis() / 1000 + 3600);
        String legacy = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret.sign("room-1|" + claims));
        assertEquals(Optional.of(Role.PARTICIPANT), new InviteTokens(secret, Duration.ofHours(1)).verify(legacy, "room-1"));
        assertEquals(Optional.empty(), new InviteTokens(secret, Duration.ofHours(1)).verify(legacy, "room-2"));
    }

    @Test
    void aTokenNamingAnUnknownKeyIsRefused() {
        TokenSecret secret = new TokenSecret(Optional.of(NEW));
        String resume = new ResumeTokens(secret).issue("room-1", "p-1");
        String renamed = resume.substring(0, resume.lastIndexOf('.') + 1) + "AAAAAAAA";
        assertEquals(Optional.empty(), new ResumeTokens(secret).verify(renamed, "room-1"));
    }
}
