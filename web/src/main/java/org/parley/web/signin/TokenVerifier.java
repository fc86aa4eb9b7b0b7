package org.parley.web.signin;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks a sign-in token (a signed JWT, RFC 7519, with MicroProfile JWT's claims) the way a careful relying party does:
 * bounded in size, signed with RS256 or ES256 only (never {@code none}, never a shared-secret algorithm a public key
 * could be mistaken for), by a key of the configured issuer, from that issuer, for the configured audience, in force
 * now, and listing the hosts' group. Every refusal says which of these failed.
 */
public final class TokenVerifier {

    /** Identity providers' tokens are a few hundred bytes to a few kilobytes; anything larger is refused unread. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final BigDecimal EARLIEST = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
    private static final BigDecimal LATEST = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private final SignInSettings settings;
    private final VerificationKeys keys;

    TokenVerifier(SignInSettings settings, VerificationKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /** Whether {@code presented} has a JWT's shape (three dot-separated parts), as host keys and credentials do not. */
    public static boolean looksLikeToken(String presented) {
        return presented != null && presented.chars().filter(c -> c == '.').count() == 2;
    }

    public SignInVerdict verify(String token, Instant now) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return refused("The sign-in token is larger than " + MAX_TOKEN_CHARS + " characters.");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return refused("The sign-in token is not a signed JWT (header.payload.signature).");
        }
        Optional<JsonObject> header = json(parts[0]);
        Optional<JsonObject> claims = json(parts[1]);
        if (header.isEmpty() || claims.isEmpty()) {
            return refused("The sign-in token's header or payload is not base64url-encoded JSON.");
        }
        String alg = string(header.get(), "alg");
        String family = "RS256".equals(alg) ? "RSA" : "ES256".equals(alg) ? "EC" : null;
        if (family == null) {
            return refused("none".equalsIgnoreCase(String.valueOf(alg))
                    ? "Unsigned sign-in tokens (alg 'none') are refused."
                    : "The sign-in token is signed with '" + alg + "'; Parley accepts RS256 and ES256.");
        }
        Optional<PublicKey> key = keys.keyFor(string(header.get(), "kid"), family);
        if (key.isEmpty()) {
            return refused("The sign-in token names no key of the issuer " + settings.issuer() + ".");
        }
        if (!signatureHolds(alg, key.get(), parts)) {
            return refused("The sign-in token's signature does not verify with the issuer's key.");
        }
        return checkClaims(claims.get(), now);
    }

    private SignInVerdict checkClaims(JsonObject claims, Instant now) {
        if (!settings.issuer().equals(string(claims, "iss"))) {
            return refused("The sign-in token comes from '" + string(claims, "iss") + "', not from the configured "
                    + "issuer.");
        }
        if (!(claims.get("exp") instanceof JsonNumber exp)) {
            return refused("The sign-in token has no expiry (exp).");
        }
        Optional<Instant> expires = instant(exp);
        if (expires.isEmpty()) {
            return refused("The sign-in token's expiry (exp) is out of range.");
        }
        if (now.minus(settings.leeway()).isAfter(expires.get())) {
            return refused("The sign-in token expired at " + expires.get() + ".");
        }
        if (claims.get("nbf") instanceof JsonNumber nbf) {
            Optional<Instant> notBefore = instant(nbf);
            if (notBefore.isEmpty()) {
                return refused("The sign-in token's not-before time (nbf) is out of range.");
            }
            if (now.plus(settings.leeway()).isBefore(notBefore.get())) {
                return refused("The sign-in token is not valid before " + notBefore.get() + ".");
            }
        }
        if (settings.audience().isPresent() && !strings(claims, "aud").contains(settings.audience().get())) {
            return refused("The sign-in token is not meant for this audience (aud).");
        }
        String subject = Optional.ofNullable(string(claims, "upn")).or(() -> Optional.ofNullable(string(claims, "sub")))
                .orElse("?");
        List<String> groups = strings(claims, settings.groupsClaim());
        return groups.contains(settings.hostsGroup())
                ? new SignInVerdict.Host(subject, groups)
                : new SignInVerdict.NotAHost(subject, settings.hostsGroup());
    }

    private static boolean signatureHolds(String alg, PublicKey key, String[] parts) {
        try {
            Signature signature = Signature.getInstance("RS256".equals(alg) ? "SHA256withRSA"
                    : "SHA256withECDSAinP1363Format"); // JWS ES256: R and S, 32 bytes each, not DER
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<JsonObject> json(String part) {
        try (var reader = JSON.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(part),
                StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (IllegalArgumentException | JsonException e) {
            return Optional.empty();
        }
    }

    private static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString text ? text.getString() : null;
    }

    /**
     * A NumericDate (RFC 7519 §2: seconds since the epoch, perhaps with a fraction); empty beyond what an Instant holds.
     * Compared as a BigDecimal first: its long value wraps around, and Instant.ofEpochSecond throws.
     */
    private static Optional<Instant> instant(JsonNumber number) {
        BigDecimal seconds = number.bigDecimalValue();
        return seconds.compareTo(EARLIEST) < 0 || seconds.compareTo(LATEST) > 0
                ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(seconds.longValue()));
    }

    /** A claim that is a string or an array of strings (as {@code aud} and group claims may be). */
    private static List<String> strings(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value instanceof JsonString text) {
            return List.of(text.getString());
        }
        if (value instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
        }
        return List.of();
    }

    private static SignInVerdict refused(String reason) {
        return new SignInVerdict.Refused(reason);
    }
}
