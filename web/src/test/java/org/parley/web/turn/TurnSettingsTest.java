package org.parley.web.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TURN settings are checked at start-up; every mistake is named with its setting and what is wrong. */
class TurnSettingsTest {

    @Test
    void acceptsTheUrlShapesBrowsersAccept() {
        assertEquals(new TurnUrl("turn:turn.example.com:3478?transport=udp", "turn", "turn.example.com", 3478, "udp"),
                TurnUrl.parse("turn:turn.example.com:3478?transport=udp"));
        assertEquals(new TurnUrl("turns:turn.example.com:5349?transport=tcp", "turns", "turn.example.com", 5349, "tcp"),
                TurnUrl.parse("turns:turn.example.com:5349?transport=tcp"));
        assertEquals(new TurnUrl("stun:203.0.113.7", "stun", "203.0.113.7", -1, null), TurnUrl.parse("stun:203.0.113.7"));
        assertEquals(new TurnUrl("turn:[2001:db8::1]:3478", "turn", "[2001:db8::1]", 3478, null),
                TurnUrl.parse("turn:[2001:db8::1]:3478"));
        assertEquals("tcp", TurnUrl.parse("TURN:turn.example.com?transport=TCP").transport());
        assertFalse(TurnUrl.parse("stun:stun.example.com").needsCredentials());
        assertTrue(TurnUrl.parse("turns:turn.example.com").needsCredentials());
    }

    @Test
    void aBadUrlIsRefusedWithWhatIsWrongWithIt() {
        assertUrlRefused("turn.example.com:3478", "no scheme");
        assertUrlRefused("http://turn.example.com", "the scheme must be stun, turn or turns, not 'http'");
        assertUrlRefused("stuns:stun.example.com", "the scheme must be stun, turn or turns");
        assertUrlRefused("turn://turn.example.com:3478", "no '//' after the scheme");
        assertUrlRefused("turn:", "no host");
        assertUrlRefused("turn::3478", "no host");
        assertUrlRefused("turn:turn.example.com:0", "the port must be a number from 1 to 65535, not '0'");
        assertUrlRefused("turn:turn.example.com:65536", "not '65536'");
        assertUrlRefused("turn:turn.example.com:", "not ''");
        assertUrlRefused("turn:turn.example.com:http", "not 'http'");
        assertUrlRefused("turn:turn.example.com?transport=sctp", "the only parameter is ?transport=udp or ?transport=tcp");
        assertUrlRefused("turn:turn.example.com?transport=udp&x=1", "not '?transport=udp&x=1'");
        assertUrlRefused("stun:stun.example.com?transport=udp", "a stun: URL takes no '?transport=udp'");
        assertUrlRefused("turn:user:pass@turn.example.com", "no user name in the URL");
        assertUrlRefused("turn:turn.example.com/path", "no path");
        assertUrlRefused("turn:2001:db8::1", "an IPv6 address must be in brackets");
        assertUrlRefused("turn:[2001:db8::1", "closing ']'");
        assertUrlRefused("turn:[2001:db8::1]3478", "only ':port' may follow");
        assertUrlRefused("turn:[turn.example.com]", "is not an IPv6 address");
        assertUrlRefused("turn:turn_server.example.com", "'turn_server.example.com' is not a host name or IP address");
        assertUrlRefused("turn:-turn.example.com", "is not a host name");
        assertUrlRefused("turn:turn example.com", "is not a host name");
    }

    @Test
    void theErrorNamesTheSettingItsEnvironmentVariableAndTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TurnSettings.from(
                Optional.of("turn:ok.example.com, turn:bad.example.com:99999"), Optional.of("s"), "PT12H"));
        assertEquals("Invalid URL in parley.turn.urls (PARLEY_TURN_URLS): 'turn:bad.example.com:99999': "
                + "the port must be a number from 1 to 65535, not '99999'", e.getMessage());
    }

    @Test
    void turnUrlsNeedTheSecretStunUrlsDoNot() {
        for (Optional<String> missing : List.of(Optional.<String>empty(), Optional.of("  "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TurnSettings.from(Optional.of("stun:s.example.com,turns:t.example.com"), missing, "PT12H"));
            assertTrue(e.getMessage().startsWith("parley.turn.secret (PARLEY_TURN_SECRET) must be set when "
                    + "parley.turn.urls (PARLEY_TURN_URLS) has turn: or turns: URLs"), e.getMessage());
        }
        assertEquals(1, TurnSettings.from(Optional.of("stun:s.example.com"), Optional.empty(), "PT12H").urls().size());
        assertEquals(List.of(), TurnSettings.from(Optional.empty(), Optional.empty(), "PT12H").urls());
    }

    @Test
    void theTtlIsADurationOrSecondsAndPositive() {
        assertEquals(Duration.ofHours(12), TurnSettings.parseTtl("PT12H"));
        assertEquals(Duration.ofHours(12), TurnSettings.parseTtl(" 43200 "));
        assertEquals(Duration.ofMinutes(90), TurnSettings.parseTtl("pt1h30m"));
        assertEquals(Duration.ofHours(12), TurnSettings.from(Optional.empty(), Optional.empty(), "PT12H").ttl());

        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> TurnSettings.from(Optional.empty(), Optional.empty(), "12h"));
        assertEquals("parley.turn.ttl (PARLEY_TURN_TTL) must be an ISO-8601 duration such as PT12H, or a number of "
                + "seconds such as 43200, not '12h'", malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TurnSettings.from(Optional.empty(), Optional.empty(), ""));
        for (String notPositive : List.of("0", "PT0S", "-PT1H")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TurnSettings.from(Optional.empty(), Optional.empty(), notPositive));
            assertTrue(e.getMessage().startsWith("parley.turn.ttl (PARLEY_TURN_TTL) must be positive"), e.getMessage());
        }
    }

    @Test
    void theSecretNeverShowsInTheSettingsText() {
        TurnSettings settings = TurnSettings.from(Optional.of("turn:t.example.com"), Optional.of("hunter2"), "PT1H");
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
        assertEquals("hunter2", settings.secret());
    }

    private static void assertUrlRefused(String url, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TurnUrl.parse(url), url);
        assertTrue(e.getMessage().startsWith("'" + url + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }
}
