package org.parley.web.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

    private static final URI REQUEST_BASE = URI.create("http://10.0.0.5:8080/");

    @Test
    void theRequestDecidesWhenNothingIsConfigured() {
        assertEquals(REQUEST_BASE, new PublicUrl(Optional.empty()).base(REQUEST_BASE));
        assertEquals(REQUEST_BASE, new PublicUrl(Optional.of(" ")).base(REQUEST_BASE));
    }

    @Test
    void aConfiguredUrlWinsAndEndsInASlash() {
        assertEquals(URI.create("https://meet.example.org/"), new PublicUrl(Optional.of("https://meet.example.org")).base(REQUEST_BASE));
        assertEquals(URI.create("https://example.org/parley/"), new PublicUrl(Optional.of("https://example.org/parley/")).base(REQUEST_BASE));
    }

    @Test
    void aRelativeUrlIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new PublicUrl(Optional.of("meet.example.org")));
    }
}
