package org.parley.media.jvb.transport.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.spi.DtlsFingerprint;

/**
 * A self-signed ECDSA P-256 certificate for DTLS, made with Bouncy Castle's lightweight API (no JCA provider is
 * registered: a global provider breaks redeploys), and its SHA-256 fingerprint for SDP.
 */
public final class DtlsCertificate {

    private final AsymmetricKeyParameter privateKey;
    private final Certificate chain;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, Certificate chain, DtlsFingerprint fingerprint) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.fingerprint = fingerprint;
    }

    /** Generates a key pair and a certificate valid from a day ago for {@code validity}. */
    public static DtlsCertificate generate(BcTlsCrypto crypto, String commonName, Duration validity) {
        SecureRandom random = crypto.getSecureRandom();
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        // Bouncy Castle's own P-256 arithmetic (CustomNamedCurves), not the generic curve of ECNamedCurveTable: every
        // handshake signs with this key, and on the generic curve that signature was half of the handshake's CPU.
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1)), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()))
                    .getEncoded();
            TlsCertificate tlsCertificate = crypto.createCertificate(der);
            return new DtlsCertificate(keyPair.getPrivate(), new Certificate(new TlsCertificate[] {tlsCertificate}),
                    Fingerprints.of("sha-256", der));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the DTLS certificate", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("No ECDSA signer available", e);
        }
    }

    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    public Certificate chain() {
        return chain;
    }

    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }
}
