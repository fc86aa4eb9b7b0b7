package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key every Parley token is signed with: {@code parley.token-secret}, or 32 random bytes per process when unset
 * (tokens then die with the process). Each kind of token signs text of its own shape, so one kind never verifies as
 * another.
 */
@ApplicationScoped
public class TokenSecret {

    private static final String MAC_ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    protected TokenSecret() {
        this.key = null; // for CDI proxies only
    }

    @Inject
    public TokenSecret(@ConfigProperty(name = "parley.token-secret") Optional<String> configured) {
        this(configured.map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(TokenSecret::random));
    }

    TokenSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, MAC_ALGORITHM);
    }

    /** HMAC-SHA256 of the UTF-8 {@code text}. */
    public byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has " + MAC_ALGORITHM, e);
        }
    }

    private static byte[] random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
