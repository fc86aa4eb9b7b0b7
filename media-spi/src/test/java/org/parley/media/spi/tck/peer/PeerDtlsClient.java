package org.parley.media.spi.tck.peer;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.tck.peer.TestPeerOptions.SrtpProfileName;

/** The DTLS 1.2 client side of DTLS-SRTP, as a browser runs it: offers use_srtp, checks the server fingerprint. */
final class PeerDtlsClient extends DefaultTlsClient {

    private final BcTlsCrypto crypto;
    private final PeerCertificate certificate;
    private final DtlsFingerprint serverFingerprint;
    private final List<SrtpProfileName> offered;
    private final int timeoutMillis;
    private SrtpProfileName selected;
    private PeerSrtp.Keys keys;

    PeerDtlsClient(BcTlsCrypto crypto, PeerCertificate certificate, DtlsFingerprint serverFingerprint,
            List<SrtpProfileName> offered, int timeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.serverFingerprint = serverFingerprint;
        this.offered = offered;
        this.timeoutMillis = timeoutMillis;
    }

    PeerSrtp.Keys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, new int[] {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        });
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return timeoutMillis;
    }

    /**
     * A flight that got no answer is sent again after 100 ms, not Bouncy Castle's default second: a ClientHello that
     * reaches a server still finishing its side of ICE then costs a tenth of a second, not a whole one.
     */
    @Override
    public int getHandshakeResendTimeMillis() {
        return 100;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        int[] profiles = offered.stream().mapToInt(PeerDtlsClient::tlsId).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select one SRTP profile");
        }
        selected = offered.stream().filter(p -> tlsId(p) == chosen.getProtectionProfiles()[0]).findFirst()
                .orElseThrow(() -> new TlsFatalAlert(AlertDescription.illegal_parameter,
                        "server selected an SRTP profile we did not offer"));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                if (!PeerCertificate.matches(serverCertificate.getCertificate(), serverFingerprint)) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate,
                            "server certificate does not match its signalled fingerprint");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        certificate.privateKey, certificate.chain,
                        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int keyLength = 16;
        int saltLength = selected == SrtpProfileName.AEAD_AES_128_GCM ? 12 : 14;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLength + saltLength));
        keys = PeerSrtp.Keys.split(selected, material, keyLength, saltLength);
    }

    static int tlsId(SrtpProfileName profile) {
        return profile == SrtpProfileName.AEAD_AES_128_GCM
                ? SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM : SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;
    }
}
