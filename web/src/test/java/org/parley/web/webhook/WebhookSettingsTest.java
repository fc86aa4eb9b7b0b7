package org.parley.web.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The webhook settings are checked at start-up; every mistake is named with its setting and what is wrong. */
class WebhookSettingsTest {

    private static final Optional<String> SECRET = Optional.of("0123456789abcdef0123456789abcdef");

    @Test
    void noUrlsMeansOffWhateverTheSecret() {
        assertFalse(WebhookSettings.from(Optional.empty(), Optional.empty(), "PT5S").enabled());
        assertFalse(WebhookSettings.from(Optional.of(" , "), Optional.of("short"), "PT5S").enabled());
    }

    @Test
    void urlsAreCommaSeparatedHttpOrHttps() {
        WebhookSettings settings = WebhookSettings.from(
                Optional.of(" https://hooks.example.com/parley?token=x , HTTP://10.0.0.7:8080/in,"), SECRET, "PT3S");
        assertTrue(settings.enabled());
        assertEquals(List.of(URI.create("https://hooks.example.com/parley?token=x"), URI.create("HTTP://10.0.0.7:8080/in")),
                settings.urls());
        assertEquals(Duration.ofSeconds(3), settings.timeout());
        assertEquals("WebhookSettings[urls=[https://hooks.example.com/parley?…, HTTP://10.0.0.7:8080/in], secret=(set), "
                + "timeout=PT3S]", settings.toString(), "neither the secret nor a query in logs");
    }

    @Test
    void aBadUrlIsRefusedWithWhatIsWrongWithIt() {
        assertUrlRefused("ftp://hooks.example.com/in", "'ftp://hooks.example.com/in': the scheme must be http or https");
        assertUrlRefused("hooks.example.com/in", "the scheme must be http or https");
        assertUrlRefused("https://", "'https://': ");
        assertUrlRefused("https:///in", "no host");
        assertUrlRefused("http://hooks example.com/in", "'http://hooks example.com/in': ");
        assertUrlRefused("https://user:password@hooks.example.com/in",
                "'https://hooks.example.com/in': no user name or password in the URL");
    }

    @Test
    void urlsNeedASecretOfAtLeast32Characters() {
        for (Optional<String> missing : List.of(Optional.<String>empty(), Optional.of("   "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSettings.from(Optional.of("https://hooks.example.com/in"), missing, "PT5S"));
            assertTrue(e.getMessage().startsWith("parley.webhooks.secret (PARLEY_WEBHOOKS_SECRET) must be set when "
                    + "parley.webhooks.urls (PARLEY_WEBHOOKS_URLS) is"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(
                Optional.of("https://hooks.example.com/in"), Optional.of(" 0123456789abcdef0123456789abcde "), "PT5S"));
        assertTrue(e.getMessage().startsWith("parley.webhooks.secret (PARLEY_WEBHOOKS_SECRET) must be at least 32 "
                + "characters, not 31"), e.getMessage());
    }

    @Test
    void theTimeoutIsAPositiveDuration() {
        for (String bad : List.of("5", "PT0S", "-PT1S", "soon")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSettings.from(Optional.of("https://hooks.example.com/in"), SECRET, bad));
            assertTrue(e.getMessage().startsWith("parley.webhooks.timeout (PARLEY_WEBHOOKS_TIMEOUT) must be "),
                    e.getMessage());
        }
    }

    private static void assertUrlRefused(String url, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookSettings.from(Optional.of("https://ok.example.com," + url), SECRET, "PT5S"));
        assertTrue(e.getMessage().startsWith("Invalid URL in parley.webhooks.urls (PARLEY_WEBHOOKS_URLS): "),
                e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
