package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pages may open sockets: the listed origins, else the public URL's, else any; never-browser clients always. */
class AllowedOriginsTest {

    @Test
    void listedOriginsOnlyWithDefaultPortsAndCaseIgnored() {
        AllowedOrigins allowed = AllowedOrigins.from(Optional.of("https://meet.example.com, http://10.0.0.5:8080"),
                Optional.of("https://ignored.example.com"));
        assertTrue(allowed.allows("https://meet.example.com"));
        assertTrue(allowed.allows("HTTPS://MEET.EXAMPLE.COM"));
        assertTrue(allowed.allows("http://10.0.0.5:8080"));
        assertFalse(allowed.allows("https://meet.example.com.evil.net"));
        assertFalse(allowed.allows("http://meet.example.com"), "another scheme is another origin");
        assertFalse(allowed.allows("http://10.0.0.5:8081"));
        assertFalse(allowed.allows("null"), "a sandboxed page or a file");
        assertTrue(allowed.allows(null), "no Origin header: no browser page");
        assertTrue(AllowedOrigins.from(Optional.of("https://a.example:443"), Optional.empty()).allows("https://a.example"));
    }

    @Test
    void unsetMeansThePublicUrlsOriginOrAnyWithoutOne() {
        AllowedOrigins ofPublicUrl = AllowedOrigins.from(Optional.empty(), Optional.of("https://meet.example.com/base"));
        assertTrue(ofPublicUrl.allows("https://meet.example.com"));
        assertFalse(ofPublicUrl.allows("https://evil.example"));
        assertTrue(AllowedOrigins.from(Optional.empty(), Optional.empty()).allows("https://anything.example"));
        assertTrue(AllowedOrigins.from(Optional.of("*"), Optional.of("https://meet.example.com"))
                .allows("https://anything.example"));
    }

    @Test
    void entriesThatAreNotOriginsAreRefusedNamingTheSetting() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AllowedOrigins.from(Optional.of("meet.example.com"), Optional.empty()));
        assertTrue(bad.getMessage().startsWith("parley.allowed-origins"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AllowedOrigins.from(Optional.of("ftp://x.example"), Optional.empty()));
    }
}
