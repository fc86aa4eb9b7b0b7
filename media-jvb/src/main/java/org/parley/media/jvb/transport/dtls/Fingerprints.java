package org.parley.media.jvb.transport.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.tls.Certificate;
import org.parley.media.spi.DtlsFingerprint;

/** Certificate fingerprints as SDP writes them (RFC 8122): a hash name and colon-separated upper-case hex. */
public final class Fingerprints {

    /** SDP hash names we accept, mapped to JDK digest names. MD5/SHA-1 are not accepted: too weak to bind DTLS. */
    private static final Map<String, String> DIGESTS = Map.of(
            "sha-256", "SHA-256",
            "sha-384", "SHA-384",
            "sha-512", "SHA-512");

    private Fingerprints() {}

    public static boolean isSupported(String algorithm) {
        return DIGESTS.containsKey(algorithm.toLowerCase(Locale.ROOT));
    }

    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String jdkName = DIGESTS.get(algorithm.toLowerCase(Locale.ROOT));
        if (jdkName == null) {
            throw new IllegalArgumentException("Unsupported fingerprint hash function: " + algorithm);
        }
        try {
            byte[] hash = MessageDigest.getInstance(jdkName).digest(certificateDer);
            StringBuilder hex = new StringBuilder(hash.length * 3);
            for (byte b : hash) {
                if (hex.length() > 0) {
                    hex.append(':');
                }
                hex.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            return new DtlsFingerprint(algorithm, hex.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " missing from the JDK", e);
        }
    }

    /** Whether the peer's end-entity certificate hashes to {@code expected} (hex compared case-insensitively). */
    public static boolean matches(Certificate chain, DtlsFingerprint expected) throws IOException {
        if (chain == null || chain.isEmpty() || !isSupported(expected.algorithm())) {
            return false;
        }
        DtlsFingerprint actual = of(expected.algorithm(), chain.getCertificateAt(0).getEncoded());
        return actual.value().equalsIgnoreCase(expected.value().trim());
    }
}
