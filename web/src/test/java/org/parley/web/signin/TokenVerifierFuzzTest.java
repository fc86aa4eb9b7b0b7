package org.parley.web.signin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The sign-in token of a request to create a room. Whatever is presented, the verdict is a refusal that says why,
 * never an exception, unless the token is genuinely signed with the issuer's key; and whatever the issuer itself signed
 * (any header, any claims), the verdict is one of the three, never an exception.
 */
class TokenVerifierFuzzTest {

    private static final String ISSUER = "https://login.parley.test/realms/staff";
    /** The time the seed tokens were signed for (they expire an hour later). */
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String RSA_PUBLIC = """
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsJruAGl0XrpMvyL9NJFnqenKZIq03ltPkBpQ5G1c+SjmbeCTzoIJKU0cuFySxOpDEW1D\
            +lZgmBoMgSfPV/h7FuwOzuAEv9i2bNdLiMVW7N+u/BajkiZRSLUv0h5eeMSks5c55xZl5+qiTd/3L9/bcrhg0OCSKWMnZcW64fFhEGmUm6pe9FSp\
            BQfPU+DxDv5YD5iohtWH6KcVkZBiNTYh5he+X8MhKdzQgUJLCWfz7J7wZbx1l2wZYm4YsZK9fe8avNJV2t72pG0aY2yGXTMv4+6+bbspPa2rmP1Z\
            /svl00yuryuaHvsm49+g5kOM4FoUYhe7v6bnCTA7V4ZWtKJfUQIDAQAB""";
    /** The key of src/test/resources/sign-in, with which the seed tokens are signed. */
    private static final TokenVerifier RSA = verifier(RSA_PUBLIC);
    private static final KeyPair EC_KEYS = ecKeys();
    private static final TokenVerifier EC = verifier(TestTokens.pem(EC_KEYS));

    /** A token as presented in {@code Authorization: Bearer}. */
    @FuzzTest
    void verify(byte[] input) throws Exception {
        String token = new String(input, StandardCharsets.UTF_8);
        SignInVerdict verdict = RSA.verify(token, NOW);
        assertNotNull(verdict);
        if (verdict instanceof SignInVerdict.Refused refused) {
            assertFalse(refused.reason() == null || refused.reason().isBlank(), "the refusal says why");
        } else {
            String[] parts = token.split("\\.");
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(new ConfiguredKey(RSA_PUBLIC).keyFor(null, "RSA").orElseThrow());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(signature.verify(Base64.getUrlDecoder().decode(parts[2])), "only a genuine token is taken");
        }
    }

    /** A token the issuer signed: the input is {@code <header JSON>\n<claims JSON>}, signed here with ES256. */
    @FuzzTest
    void signedClaims(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return;
        }
        String token = sign(text.substring(0, newline), text.substring(newline + 1), EC_KEYS.getPrivate());
        SignInVerdict verdict = EC.verify(token, NOW);
        assertNotNull(verdict);
        if (verdict instanceof SignInVerdict.Refused refused) {
            assertFalse(refused.reason() == null || refused.reason().isBlank(), "the refusal says why");
        }
    }

    private static String sign(String header, String claims, PrivateKey key) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(signature.sign());
    }

    private static TokenVerifier verifier(String publicKey) {
        return new TokenVerifier(new SignInSettings(ISSUER, Optional.empty(), Optional.of(publicKey), "groups",
                "parley-hosts", Optional.empty(), Duration.ofSeconds(60)), new ConfiguredKey(publicKey));
    }

    private static KeyPair ecKeys() {
        try {
            return TestTokens.ec();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
