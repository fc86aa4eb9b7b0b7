package org.parley.media.jvb.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void theKeySignsOnBouncyCastlesOwnP256ArithmeticNotTheGenericCurve() {
        // Every handshake signs with this key: on the generic curve (BigInteger arithmetic) that signature was half of
        // a handshake's server CPU.
        DtlsCertificate certificate = DtlsCertificate.generate(new BcTlsCrypto(new SecureRandom()), "parley",
                Duration.ofDays(1));
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) certificate.privateKey();
        assertInstanceOf(SecP256R1Curve.class, key.getParameters().getCurve());
        assertEquals("sha-256", certificate.fingerprint().algorithm());
    }
}
