package org.parley.web.signin;

import java.security.PublicKey;
import java.util.Optional;

/** Where the issuer's public keys come from: one configured key, or its JWKS. */
interface VerificationKeys {

    /**
     * The key a token names (its {@code kid}, which may be null) for an algorithm family ("RSA" or "EC"); empty when
     * there is none.
     */
    Optional<PublicKey> keyFor(String kid, String family);
}
