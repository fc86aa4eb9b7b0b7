package org.parley.media.spi.tck.peer;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link TestPeer} behaves.
 *
 * @param offeredProfiles          SRTP protection profiles offered in use_srtp, in order of preference
 * @param mismatchedCertificate    present a DTLS certificate other than the one whose fingerprint is advertised
 * @param wrongIcePassword         sign connectivity checks with a password other than the server's
 * @param timeout                  how long ICE plus DTLS may take before the peer gives up
 * @param consentInterval          how often a connected peer sends a consent check (RFC 7675) as browsers do;
 *                                 zero: never (a peer whose path loses everything but media it sends itself)
 */
public record TestPeerOptions(List<SrtpProfileName> offeredProfiles, boolean mismatchedCertificate,
        boolean wrongIcePassword, Duration timeout, Duration consentInterval) {

    /** The DTLS-SRTP profiles a peer can offer (browsers offer both, GCM first). */
    public enum SrtpProfileName { AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80 }

    public TestPeerOptions {
        offeredProfiles = List.copyOf(offeredProfiles);
        if (offeredProfiles.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
        if (consentInterval.isNegative()) {
            throw new IllegalArgumentException("consentInterval must not be negative");
        }
    }

    public static TestPeerOptions defaults() {
        return new TestPeerOptions(List.of(SrtpProfileName.AEAD_AES_128_GCM, SrtpProfileName.AES128_CM_HMAC_SHA1_80),
                false, false, Duration.ofSeconds(20), Duration.ofMillis(2500));
    }

    public TestPeerOptions offering(SrtpProfileName... profiles) {
        return new TestPeerOptions(List.of(profiles), mismatchedCertificate, wrongIcePassword, timeout, consentInterval);
    }

    public TestPeerOptions withMismatchedCertificate() {
        return new TestPeerOptions(offeredProfiles, true, wrongIcePassword, timeout, consentInterval);
    }

    public TestPeerOptions withWrongIcePassword() {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, true, timeout, consentInterval);
    }

    public TestPeerOptions withTimeout(Duration timeout) {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, wrongIcePassword, timeout, consentInterval);
    }

    /** Consent checks at another pace than Chrome's 2.5 s (e.g. to test a short server timeout quickly). */
    public TestPeerOptions withConsentInterval(Duration interval) {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, wrongIcePassword, timeout, interval);
    }

    /** A peer that sends no consent checks: only its media (if any) shows the server it is there. */
    public TestPeerOptions withoutConsentChecks() {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, wrongIcePassword, timeout, Duration.ZERO);
    }
}
