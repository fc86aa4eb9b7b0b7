package org.parley.media.spi.tck.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
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

/** The test peer's self-signed ECDSA P-256 certificate, as a browser makes one per RTCPeerConnection. */
final class PeerCertificate {

    final AsymmetricKeyParameter privateKey;
    final Certificate chain;
    final DtlsFingerprint fingerprint;

    private PeerCertificate(AsymmetricKeyParameter privateKey, Certificate chain, DtlsFingerprint fingerprint) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.fingerprint = fingerprint;
    }

    static PeerCertificate generate(BcTlsCrypto crypto) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        // Bouncy Castle's own P-256 arithmetic, as the server's key: the load generator signs once per handshake
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1)), crypto.getSecureRandom()));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            X500Name name = new X500Name("CN=parley-test-peer");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()))
                    .getEncoded();
            return new PeerCertificate(keyPair.getPrivate(),
                    new Certificate(new TlsCertificate[] {crypto.createCertificate(der)}), sha256(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static DtlsFingerprint sha256(byte[] der) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(der);
            return new DtlsFingerprint("sha-256",
                    HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(Certificate chain, DtlsFingerprint expected) throws IOException {
        if (chain == null || chain.isEmpty() || !"sha-256".equals(expected.algorithm().toLowerCase(Locale.ROOT))) {
            return false;
        }
        return sha256(chain.getCertificateAt(0).getEncoded()).value().equalsIgnoreCase(expected.value());
    }
}
