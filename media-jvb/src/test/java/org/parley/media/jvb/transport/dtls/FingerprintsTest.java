package org.parley.media.jvb.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.parley.media.spi.DtlsFingerprint;

class FingerprintsTest {

    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    @Test
    void matchesItsOwnCertificateWhateverTheHexCase() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate(crypto, "t", Duration.ofDays(1));
        DtlsFingerprint fingerprint = certificate.fingerprint();
        assertEquals("sha-256", fingerprint.algorithm());
        assertTrue(fingerprint.value().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint.value());

        assertTrue(Fingerprints.matches(certificate.chain(), fingerprint));
        assertTrue(Fingerprints.matches(certificate.chain(),
                new DtlsFingerprint("SHA-256", fingerprint.value().toLowerCase(Locale.ROOT))));
        byte[] der = certificate.chain().getCertificateAt(0).getEncoded();
        assertTrue(Fingerprints.matches(certificate.chain(), Fingerprints.of("sha-512", der)));
    }

    @Test
    void rejectsOtherCertificatesAndWeakOrUnknownHashes() throws Exception {
        DtlsCertificate mine = DtlsCertificate.generate(crypto, "a", Duration.ofDays(1));
        DtlsCertificate other = DtlsCertificate.generate(crypto, "b", Duration.ofDays(1));
        assertFalse(Fingerprints.matches(mine.chain(), other.fingerprint()));
        assertFalse(Fingerprints.matches(mine.chain(), new DtlsFingerprint("sha-1", "AA:BB")));
        assertFalse(Fingerprints.matches(mine.chain(), new DtlsFingerprint("md5", "AA:BB")));
        assertFalse(Fingerprints.isSupported("sha-1"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprints.of("md5", new byte[1]));
    }
}
