package org.parley.media.spi;

import java.util.Locale;

/**
 * A certificate fingerprint as in SDP {@code a=fingerprint}: a hash function name and colon-separated hex bytes.
 */
public record DtlsFingerprint(String algorithm, String value) {
    public DtlsFingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
    }
}
