package org.parley.web.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.IceServer;

/** The TURN REST API credential: {@code <expiry>:<participantId>} and base64(HMAC-SHA1(secret, user name)). */
class TurnCredentialTest {

    private static final String SECRET = "s3cr3t-shared-with-coturn";
    private static final String PARTICIPANT = "7f3c2b1e-0d4a-4c1b-9e8f-123456789abc";

    @Test
    void thePasswordIsTheBase64HmacSha1OfTheUserNameUnderTheSecret() throws Exception {
        TurnCredential credential = TurnCredential.issue(SECRET, PARTICIPANT, Instant.ofEpochSecond(1_764_000_000L));

        assertEquals("1764000000:" + PARTICIPANT, credential.username());
        assertEquals(hmacSha1Base64(SECRET, credential.username()), credential.password());
        // From `printf %s '1764000000:<participant>' | openssl dgst -sha1 -hmac '<secret>' -binary | base64`:
        assertEquals("Uz69RdYgavlfgjyXB4GCdWVpbCA=", credential.password());
    }

    @Test
    void theUserNameExpiresTheTtlAfterIssueToTheSecond() throws Exception {
        Instant now = Instant.parse("2026-11-24T08:00:00.750Z");
        IceServerIssuer issuer = new IceServerIssuer(
                TurnSettings.from(Optional.of("turn:turn.example.com"), Optional.of(SECRET), "PT12H"),
                Clock.fixed(now, ZoneOffset.UTC));

        IceServer turn = issuer.issueFor(PARTICIPANT).get(0);

        long expiry = now.plus(Duration.ofHours(12)).getEpochSecond();
        assertEquals(expiry + ":" + PARTICIPANT, turn.username());
        assertEquals(hmacSha1Base64(SECRET, turn.username()), turn.credential());
        assertEquals(List.of("turn:turn.example.com"), turn.urls());
    }

    /** RFC 2104 HMAC with SHA-1, straight from the JDK, as the TURN server computes it. */
    private static String hmacSha1Base64(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
