package org.parley.web.signin;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/** The one public key an operator configured (PEM "PUBLIC KEY", or just its base64 body): RSA or EC. */
final class ConfiguredKey implements VerificationKeys {

    private final PublicKey key;

    ConfiguredKey(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.jwt.public-key is not a PEM public key (base64 of X.509 "
                    + "SubjectPublicKeyInfo)");
        }
        this.key = parse(der);
    }

    private static PublicKey parse(byte[] der) {
        for (String family : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisFamily) {
                // try the next
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("parley.jwt.public-key is neither an RSA nor an EC public key");
    }

    @Override
    public Optional<PublicKey> keyFor(String kid, String family) {
        return key.getAlgorithm().equals(family) ? Optional.of(key) : Optional.empty();
    }
}
