package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostKeyTest {

    @Test
    void onlyTheConfiguredKeyMatches() {
        HostKey key = new HostKey(Optional.of("s3cret"));
        assertTrue(key.matches("s3cret"));
        assertFalse(key.matches("s3cret "));
        assertFalse(key.matches("S3cret"));
        assertFalse(key.matches(""));
        assertFalse(key.matches(null));
    }

    @Test
    void aBlankConfigurationMeansAGeneratedKeyNobodyCanGuess() {
        HostKey key = new HostKey(Optional.of("  "));
        assertFalse(key.matches("  "));
        assertFalse(key.matches(""));
    }
}
