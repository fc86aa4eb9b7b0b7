package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may create rooms. The configured host key ({@link HostKey}) is the operator's bootstrap credential: it creates
 * rooms and also issues and revokes <em>host credentials</em> for the people who may host meetings. An issued
 * credential reads {@code <id>.<secret>}; only a salted hash of the secret is stored, and it is looked up on every
 * use, so a revoked credential stops working at once on every process.
 */
@ApplicationScoped
public class HostCredentials {

    public static final int MAX_LABEL_LENGTH = 100;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 9 random bytes in base64url: 12 characters, never a '.'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{12}");

    private final HostKey bootstrap;
    private final HostCredentialStore store;
    private final Clock clock;

    /** A credential just issued: the only time its secret is ever shown. */
    public record Issued(String id, String label, Instant createdAt, String credential) {}

    /** A credential as listed: never its secret or hash. */
    public record Listed(String id, String label, Instant createdAt) {}

    protected HostCredentials() {
        this.bootstrap = null; // for CDI proxies only
        this.store = null;
        this.clock = null;
    }

    @Inject
    public HostCredentials(HostKey bootstrap, HostCredentialStore store) {
        this(bootstrap, store, Clock.systemUTC());
    }

    HostCredentials(HostKey bootstrap, HostCredentialStore store, Clock clock) {
        this.bootstrap = bootstrap;
        this.store = store;
        this.clock = clock;
    }

    /** Whether {@code presented} is the bootstrap key (which alone may manage credentials). Needs no store. */
    public boolean isAdmin(String presented) {
        return bootstrap.matches(presented);
    }

    /** Whether {@code presented} may create and inspect rooms: the bootstrap key or a credential not revoked. */
    public boolean mayHost(String presented) {
        if (presented == null) {
            return false;
        }
        if (bootstrap.matches(presented)) {
            return true;
        }
        int dot = presented.indexOf('.');
        if (dot < 0 || !ID.matcher(presented.substring(0, dot)).matches()) {
            return false; // not even shaped like one: the store is not asked
        }
        Optional<StoredCredential> stored = store.find(presented.substring(0, dot));
        return stored.isPresent() && MessageDigest.isEqual(
                Base64.getDecoder().decode(stored.get().hash()),
                hash(Base64.getDecoder().decode(stored.get().salt()), presented.substring(dot + 1)));
    }

    /** @throws IllegalArgumentException with a message for people when the label is unacceptable */
    public Issued issue(String requestedLabel) {
        String label = requestedLabel == null ? "" : requestedLabel.strip();
        if (label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("The label must be at most " + MAX_LABEL_LENGTH + " characters.");
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The label must not contain control characters.");
        }
        String id = ENCODER.encodeToString(random(9));
        String secret = ENCODER.encodeToString(random(32));
        byte[] salt = random(16);
        Instant createdAt = clock.instant();
        store.save(new StoredCredential(id, label, createdAt,
                Base64.getEncoder().encodeToString(salt), Base64.getEncoder().encodeToString(hash(salt, secret))));
        return new Issued(id, label, createdAt, id + "." + secret);
    }

    /** False when there is no such credential. */
    public boolean revoke(String id) {
        return id != null && ID.matcher(id).matches() && store.remove(id);
    }

    public List<Listed> list() {
        return store.all().stream()
                .sorted(Comparator.comparing(StoredCredential::createdAt))
                .map(c -> new Listed(c.id(), c.label(), c.createdAt()))
                .toList();
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
