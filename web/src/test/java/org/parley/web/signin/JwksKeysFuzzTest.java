package org.parley.web.signin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The identity provider's key set as fetched: it is read into keys (skipping those unusable), or refused with an
 * {@link IllegalArgumentException} that says why, never another exception.
 */
class JwksKeysFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        try {
            assertNotNull(JwksKeys.parse(new String(input, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "the refusal says why");
        }
    }
}
