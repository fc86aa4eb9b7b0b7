package org.parley.media.spi.tck.peer;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.tck.peer.TestPeerOptions.SrtpProfileName;

/**
 * The kit's DTLS-SRTP client handshake over any datagram transport, for clients that run their own ICE and sockets
 * (the load generator in bench/): the handshake and certificate are exactly the tests'.
 */
public final class DtlsSrtpHandshake {

    /** SRTP master keys and salts from the handshake; client = the generator's sending side. */
    public record Keys(boolean gcm, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {}

    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final PeerCertificate certificate = PeerCertificate.generate(crypto);

    public DtlsFingerprint fingerprint() {
        return certificate.fingerprint;
    }

    /** Runs the DTLS client handshake over {@code channel}, checking {@code serverFingerprint}. Blocking. */
    public Keys handshake(DatagramTransport channel, DtlsFingerprint serverFingerprint, int timeoutMillis)
            throws IOException {
        PeerDtlsClient client = new PeerDtlsClient(crypto, certificate, serverFingerprint,
                List.of(SrtpProfileName.AEAD_AES_128_GCM, SrtpProfileName.AES128_CM_HMAC_SHA1_80), timeoutMillis);
        DTLSTransport ignored = new DTLSClientProtocol().connect(client, channel);
        PeerSrtp.Keys k = client.keys();
        return new Keys(k.profile() == SrtpProfileName.AEAD_AES_128_GCM, k.clientKey(), k.serverKey(),
                k.clientSalt(), k.serverSalt());
    }
}
