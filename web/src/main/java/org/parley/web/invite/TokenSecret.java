package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.web.config.SettingList;

/**
 * The keys Parley's tokens are signed with: {@code parley.token-secret} (at least 32 bytes), or 32 random bytes per
 * process when unset (tokens then die with the process). Each key has an id, derived from it, that tokens carry, so
 * a key can be rotated: put the old one in {@code parley.token-previous-secrets} and tokens signed with it keep working
 * until they expire. Each kind of token signs text of its own shape, so one kind never verifies as another.
 */
@ApplicationScoped
public class TokenSecret {

    /** HMAC-SHA256 keys shorter than its output are weaker than the MAC: refused. */
    public static final int MIN_BYTES = 32;
    private static final String MAC_ALGORITHM = "HmacSHA256";

    private record Key(String id, SecretKeySpec spec) {}

    private final Key current;
    private final List<Key> accepted;

    protected TokenSecret() {
        this.current = null; // for CDI proxies only
        this.accepted = null;
    }

    @Inject
    public TokenSecret(@ConfigProperty(name = "parley.token-secret") Optional<String> configured,
                       @ConfigProperty(name = "parley.token-previous-secrets") Optional<String> previous) {
        this(configured.map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> checked(s, "parley.token-secret (PARLEY_TOKEN_SECRET)"))
                        .orElseGet(TokenSecret::random),
                SettingList.entries(previous).stream().map(s -> checked(s, "parley.token-previous-secrets")).toList());
    }

    /** A single secret (of at least {@link #MIN_BYTES} bytes), as a test or a tool holds it. */
    public TokenSecret(Optional<String> configured) {
        this(configured, Optional.empty());
    }

    TokenSecret(byte[] secret) {
        this(secret, List.of());
    }

    private TokenSecret(byte[] secret, List<byte[]> previous) {
        this.current = key(secret);
        List<Key> all = new ArrayList<>(List.of(current));
        previous.forEach(p -> all.add(key(p)));
        this.accepted = List.copyOf(all);
    }

    /** The id tokens signed now carry. */
    public String keyId() {
        return current.id();
    }

    /** HMAC-SHA256 of the UTF-8 {@code text}, with the current key. */
    public byte[] sign(String text) {
        return mac(current, text);
    }

    /**
     * Whether {@code signature} is the MAC of {@code text} under the key {@code keyId} names (the current key when
     * null: tokens from before key ids). Constant-time in the signature.
     */
    public boolean verifies(String keyId, String text, byte[] signature) {
        for (Key key : accepted) {
            if (keyId == null ? key == current : key.id().equals(keyId)) {
                return MessageDigest.isEqual(signature, mac(key, text));
            }
        }
        return false;
    }

    private static byte[] mac(Key key, String text) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key.spec());
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has " + MAC_ALGORITHM, e);
        }
    }

    /** The id: the first 8 characters of base64url(SHA-256(secret)), which says nothing usable about it. */
    private static Key key(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 6));
            return new Key(id, new SecretKeySpec(secret, MAC_ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static byte[] checked(String secret, String setting) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(setting + " must be at least " + MIN_BYTES + " bytes, not "
                    + bytes.length + ": make one with 'head -c 32 /dev/urandom | base64'");
        }
        return bytes;
    }

    private static byte[] random() {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
