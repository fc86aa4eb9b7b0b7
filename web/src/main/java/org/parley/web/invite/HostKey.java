package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The credential that lets its holder create and inspect rooms ({@code parley.host-key}). Only its SHA-256 hash is
 * kept, so a heap dump does not reveal it. It is never logged: when none is configured, one is generated and written
 * to a file only the server's user can read, whose path is logged.
 */
@ApplicationScoped
public class HostKey {

    private static final Logger LOG = Logger.getLogger(HostKey.class.getName());

    private final byte[] hash;

    protected HostKey() {
        this.hash = null; // for CDI proxies only
    }

    @Inject
    public HostKey(@ConfigProperty(name = "parley.host-key") Optional<String> configured) {
        String key = configured.map(String::strip).filter(k -> !k.isEmpty()).orElseGet(HostKey::generate);
        this.hash = sha256(key);
    }

    /** Creates the bean at deployment, so a generated key shows up in the log before anyone needs it. */
    void announceAtStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Nothing to do: observing the event instantiates the bean.
    }

    /** Constant-time: how much of a guess is right does not change how long the answer takes. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(hash, sha256(candidate));
    }

    private static String generate() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Path file = Files.createTempFile("parley-host-key-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + System.lineSeparator());
            LOG.warning(() -> "parley.host-key (PARLEY_HOST_KEY) is not set: a host key was generated and written to "
                    + file + " (readable by this user only). Set PARLEY_HOST_KEY to choose one.");
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning(() -> "parley.host-key (PARLEY_HOST_KEY) is not set, and the generated key could not be "
                    + "written to a file (" + e + "): set PARLEY_HOST_KEY to create rooms.");
        }
        return key;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
