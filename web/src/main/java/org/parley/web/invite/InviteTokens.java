package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues and checks invitation tokens: {@code base64url(role|expiry|keyId) . base64url(HMAC-SHA256(roomId|role|expiry|
 * keyId))}. The room id is not inside the token but is signed, so a token only opens the room it was made for; the key
 * id names the {@link TokenSecret} key it was signed with (tokens from before key ids, without one, use the current).
 */
@ApplicationScoped
public class InviteTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final TokenSecret secret;
    private final Duration expiry;
    private final Clock clock;

    protected InviteTokens() {
        this.secret = null; // for CDI proxies only
        this.expiry = null;
        this.clock = null;
    }

    @Inject
    public InviteTokens(TokenSecret secret,
                        @ConfigProperty(name = "parley.token-expiry", defaultValue = "PT24H") Duration expiry) {
        this(secret, expiry, Clock.systemUTC());
    }

    /** With a clock of its own: for tests and tools that need tokens issued at another time. */
    public InviteTokens(byte[] secret, Duration expiry, Clock clock) {
        this(new TokenSecret(secret), expiry, clock);
    }

    private InviteTokens(TokenSecret secret, Duration expiry, Clock clock) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("parley.token-expiry must be positive, not " + expiry);
        }
        this.secret = secret;
        this.expiry = expiry;
        this.clock = clock;
    }

    public String issue(String roomId, Role role) {
        long expiresAt = clock.instant().plus(expiry).getEpochSecond();
        String claims = role.wireName() + "|" + expiresAt + "|" + secret.keyId();
        return ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(secret.sign(signed(roomId, claims)));
    }

    /** What checking a token found: the role it grants, or why it grants none. */
    public sealed interface Verdict {
        record Valid(Role role) implements Verdict {}

        /** Genuine and for this room, but too old. */
        record Expired(Instant expiredAt) implements Verdict {}

        /** Forged, damaged, or for another room (the two cannot be told apart: the room id is only signed). */
        record Invalid() implements Verdict {}
    }

    /** The role the token grants in {@code roomId}; empty when it is forged, for another room, or expired. */
    public Optional<Role> verify(String token, String roomId) {
        return check(token, roomId) instanceof Verdict.Valid valid ? Optional.of(valid.role()) : Optional.empty();
    }

    public Verdict check(String token, String roomId) {
        if (token == null || roomId == null) {
            return new Verdict.Invalid();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return new Verdict.Invalid();
        }
        String claims;
        byte[] signature;
        try {
            claims = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return new Verdict.Invalid();
        }
        String[] parts = claims.split("\\|", 3);
        if (parts.length < 2 || !secret.verifies(parts.length == 3 ? parts[2] : null, signed(roomId, claims), signature)) {
            return new Verdict.Invalid();
        }
        // Signed by us, so the claims have the shape issue() gave them.
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        if (clock.instant().isAfter(expiresAt)) {
            return new Verdict.Expired(expiresAt);
        }
        return Role.fromWireName(parts[0]).<Verdict>map(Verdict.Valid::new).orElseGet(Verdict.Invalid::new);
    }

    /** Signed text starts with the room id, which never contains ':' (unlike {@link ResumeTokens}' text). */
    private static String signed(String roomId, String claims) {
        return roomId + "|" + claims;
    }
}
