package org.parley.web.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short-lived TURN credential in the form of the TURN REST API (draft-uberti-behave-turn-rest), which coturn checks
 * with {@code use-auth-secret}: the user name is {@code <unix expiry seconds>:<participantId>} and the password is
 * base64(HMAC-SHA1(secret, user name)). The TURN server needs no list of users: it recomputes the password from the
 * shared secret and refuses the user name once its time has passed.
 */
public record TurnCredential(String username, String password) {

    private static final String MAC_ALGORITHM = "HmacSHA1";

    /** The credential of {@code participantId}, valid until {@code expiry} (to the second). */
    public static TurnCredential issue(String secret, String participantId, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + participantId;
        return new TurnCredential(username, password(secret, username));
    }

    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), MAC_ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has " + MAC_ALGORITHM, e);
        }
    }
}
