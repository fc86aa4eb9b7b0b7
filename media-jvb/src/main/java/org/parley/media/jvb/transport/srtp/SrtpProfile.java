package org.parley.media.jvb.transport.srtp;

import java.util.Optional;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/** The DTLS-SRTP protection profiles this transport negotiates (RFC 5764, RFC 7714), most preferred first. */
public enum SrtpProfile {
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12),
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14);

    private final int tlsId;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int tlsId, int keyLength, int saltLength) {
        this.tlsId = tlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    public int tlsId() {
        return tlsId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** A fresh policy (jitsi-srtp policies are mutable, so each context factory gets its own). */
    public SrtpPolicy newPolicy() {
        return this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, saltLength)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10,
                        saltLength);
    }

    /** The first of our profiles, in our order of preference, that the peer also offered. */
    public static Optional<SrtpProfile> choose(int[] offered) {
        for (SrtpProfile profile : values()) {
            for (int id : offered) {
                if (id == profile.tlsId) {
                    return Optional.of(profile);
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<SrtpProfile> fromTlsId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.tlsId == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
