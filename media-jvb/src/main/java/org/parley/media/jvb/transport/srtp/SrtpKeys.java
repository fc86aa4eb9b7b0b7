package org.parley.media.jvb.transport.srtp;

import java.util.Arrays;

/**
 * The master keys and salts both ends derive from the DTLS handshake.
 * RFC 5764 section 4.2 lays the exported material out as client_key | server_key | client_salt | server_salt.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {

    /** How many bytes to export from the DTLS session for {@code profile}. */
    public static int materialLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material) {
        if (material.length != materialLength(profile)) {
            throw new IllegalArgumentException("Expected " + materialLength(profile) + " bytes of keying material, got "
                    + material.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeys(profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }
}
