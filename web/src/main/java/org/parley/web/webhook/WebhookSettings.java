package org.parley.web.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.parley.web.config.SettingList;

/**
 * The webhook configuration: {@code parley.webhooks.urls}, {@code parley.webhooks.secret} and
 * {@code parley.webhooks.timeout}, checked as a whole so that a mistake stops Parley at start-up with a message
 * naming the setting, not at the first event.
 *
 * @param urls    where every event is POSTed, in the configured order; empty: webhooks are off
 * @param secret  the HMAC-SHA256 key signing each request; null when webhooks are off
 * @param timeout how long one attempt may take to connect and to get the response
 */
record WebhookSettings(List<URI> urls, String secret, Duration timeout) {

    /** Shorter is likely a password rather than a random key, and could be guessed offline from signed bodies. */
    static final int MIN_SECRET_LENGTH = 32;

    WebhookSettings {
        urls = List.copyOf(urls);
        if (!urls.isEmpty() && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("parley.webhooks.secret (PARLEY_WEBHOOKS_SECRET) must be set when "
                    + "parley.webhooks.urls (PARLEY_WEBHOOKS_URLS) is: it signs every webhook request, and receivers "
                    + "check the signature");
        }
        if (!urls.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("parley.webhooks.secret (PARLEY_WEBHOOKS_SECRET) must be at least "
                    + MIN_SECRET_LENGTH + " characters, not " + secret.length() + " (e.g. openssl rand -hex 32)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("parley.webhooks.timeout (PARLEY_WEBHOOKS_TIMEOUT) must be positive, not "
                    + timeout);
        }
    }

    boolean enabled() {
        return !urls.isEmpty();
    }

    /** Never the secret: settings end up in logs. */
    @Override
    public String toString() {
        return "WebhookSettings[urls=" + urls.stream().map(WebhookSettings::redacted).toList() + ", secret="
                + (secret == null ? "none" : "(set)") + ", timeout=" + timeout + "]";
    }

    /**
     * @param urls    comma-separated URLs (blank entries are skipped; none: webhooks off)
     * @param secret  the signing key (surrounding blanks are dropped)
     * @param timeout an ISO-8601 duration such as {@code PT5S}
     * @throws IllegalArgumentException naming the setting, its environment variable and what is wrong
     */
    static WebhookSettings from(Optional<String> urls, Optional<String> secret, String timeout) {
        List<URI> parsed = SettingList.entries(urls).stream().map(WebhookSettings::parseUrl).toList();
        return new WebhookSettings(parsed, secret.map(String::strip).filter(s -> !s.isEmpty()).orElse(null),
                parseTimeout(timeout));
    }

    /** The URL as logs may show it: without user info or query, either of which may carry a credential. */
    static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?…");
    }

    private static URI parseUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw badUrl(text, e.getMessage());
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw badUrl(text, "the scheme must be http or https");
        }
        if (url.getHost() == null) {
            throw badUrl(text, "no host (or not one a URL allows)");
        }
        if (url.getRawUserInfo() != null) {
            throw badUrl(redacted(url), "no user name or password in the URL: receivers check the signature instead");
        }
        try {
            HttpRequest.newBuilder(url); // whatever else the HTTP client would refuse
        } catch (IllegalArgumentException e) {
            throw badUrl(text, e.getMessage());
        }
        return url;
    }

    private static IllegalArgumentException badUrl(String url, String problem) {
        return new IllegalArgumentException("Invalid URL in parley.webhooks.urls (PARLEY_WEBHOOKS_URLS): '" + url
                + "': " + problem);
    }

    private static Duration parseTimeout(String text) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parley.webhooks.timeout (PARLEY_WEBHOOKS_TIMEOUT) must be an ISO-8601 "
                    + "duration such as PT5S, not '" + text + "'", e);
        }
    }
}
