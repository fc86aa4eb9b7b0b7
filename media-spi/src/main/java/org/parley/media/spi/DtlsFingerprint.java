package org.parley.media.spi;

import java.util.Locale;
import java.util.Set;

/**
 * A certificate fingerprint as in SDP {@code a=fingerprint}: a hash function name and colon-separated hex bytes.
 */
public record DtlsFingerprint(String algorithm, String value) {

    /**
     * The hash functions every backend accepts, and the only ones: SHA-256 or stronger, what every browser signals.
     * Signalling refuses others (sha-1, md5) before anything is set up.
     */
    public static final Set<String> ACCEPTED_ALGORITHMS = Set.of("sha-256", "sha-384", "sha-512");

    public DtlsFingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
    }

    /** Whether {@link #algorithm} is one of {@link #ACCEPTED_ALGORITHMS}. */
    public boolean hasAcceptedAlgorithm() {
        return ACCEPTED_ALGORITHMS.contains(algorithm);
    }
}
