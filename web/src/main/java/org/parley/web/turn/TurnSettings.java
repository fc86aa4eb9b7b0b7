package org.parley.web.turn;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.parley.web.config.SettingList;

/**
 * The TURN configuration: {@code parley.turn.urls}, {@code parley.turn.secret} and {@code parley.turn.ttl}, checked
 * as a whole so that a mistake stops Parley at start-up with a message naming the setting, not at someone's join.
 *
 * @param urls   the STUN and TURN URLs, in the configured order; empty: browsers get no ICE servers
 * @param secret coturn's {@code static-auth-secret}; null when no URL needs credentials
 * @param ttl    how long an issued TURN credential stays valid
 */
public record TurnSettings(List<TurnUrl> urls, String secret, Duration ttl) {

    /** Long enough to outlive a meeting: a TURN allocation is refreshed with the credentials it was made with. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);

    public TurnSettings {
        urls = List.copyOf(urls);
        if (urls.stream().anyMatch(TurnUrl::needsCredentials) && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("parley.turn.secret (PARLEY_TURN_SECRET) must be set when "
                    + "parley.turn.urls (PARLEY_TURN_URLS) has turn: or turns: URLs; it is the TURN server's "
                    + "static-auth-secret (coturn: use-auth-secret)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("parley.turn.ttl (PARLEY_TURN_TTL) must be positive, not " + ttl);
        }
    }

    /** Never the secret: settings end up in logs. */
    @Override
    public String toString() {
        return "TurnSettings[urls=" + urls.stream().map(TurnUrl::url).toList() + ", secret="
                + (secret == null ? "none" : "(set)") + ", ttl=" + ttl + "]";
    }

    /** No STUN or TURN servers. */
    public static TurnSettings none() {
        return new TurnSettings(List.of(), null, DEFAULT_TTL);
    }

    /**
     * @param urls   comma-separated URLs (blank entries are skipped)
     * @param secret the shared secret (surrounding blanks are dropped)
     * @param ttl    an ISO-8601 duration such as {@code PT12H}, or a number of seconds
     * @throws IllegalArgumentException naming the setting, its environment variable and what is wrong
     */
    public static TurnSettings from(Optional<String> urls, Optional<String> secret, String ttl) {
        List<TurnUrl> parsed = SettingList.entries(urls).stream().map(TurnSettings::parseUrl).toList();
        return new TurnSettings(parsed, secret.map(String::strip).filter(s -> !s.isEmpty()).orElse(null), parseTtl(ttl));
    }

    /** Duration or seconds: operators copy coturn and TURN REST API examples, which count in seconds. */
    static Duration parseTtl(String text) {
        String ttl = text.strip();
        try {
            if (!ttl.isEmpty() && ttl.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(ttl));
            }
            return Duration.parse(ttl);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("parley.turn.ttl (PARLEY_TURN_TTL) must be an ISO-8601 duration such "
                    + "as PT12H, or a number of seconds such as 43200, not '" + text + "'", e);
        }
    }

    private static TurnUrl parseUrl(String url) {
        try {
            return TurnUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid URL in parley.turn.urls (PARLEY_TURN_URLS): " + e.getMessage(), e);
        }
    }
}
