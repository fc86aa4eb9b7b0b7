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
 */
public record TestPeerOptions(List<SrtpProfileName> offeredProfiles, boolean mismatchedCertificate,
        boolean wrongIcePassword, Duration timeout) {

    /** The DTLS-SRTP profiles a peer can offer (browsers offer both, GCM first). */
    public enum SrtpProfileName { AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80 }

    public TestPeerOptions {
        offeredProfiles = List.copyOf(offeredProfiles);
        if (offeredProfiles.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
    }

    public static TestPeerOptions defaults() {
        return new TestPeerOptions(List.of(SrtpProfileName.AEAD_AES_128_GCM, SrtpProfileName.AES128_CM_HMAC_SHA1_80),
                false, false, Duration.ofSeconds(20));
    }

    public TestPeerOptions offering(SrtpProfileName... profiles) {
        return new TestPeerOptions(List.of(profiles), mismatchedCertificate, wrongIcePassword, timeout);
    }

    public TestPeerOptions withMismatchedCertificate() {
        return new TestPeerOptions(offeredProfiles, true, wrongIcePassword, timeout);
    }

    public TestPeerOptions withWrongIcePassword() {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, true, timeout);
    }

    public TestPeerOptions withTimeout(Duration timeout) {
        return new TestPeerOptions(offeredProfiles, mismatchedCertificate, wrongIcePassword, timeout);
    }
}
