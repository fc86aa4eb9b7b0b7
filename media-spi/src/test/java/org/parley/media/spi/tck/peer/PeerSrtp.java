package org.parley.media.spi.tck.peer;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.parley.media.spi.tck.peer.TestPeerOptions.SrtpProfileName;

/** The client end of SRTP: sends with the client keys, receives with the server's. Test code: simple, synchronized. */
final class PeerSrtp {

    record Keys(SrtpProfileName profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {
        static Keys split(SrtpProfileName profile, byte[] m, int k, int s) {
            return new Keys(profile, Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, k, 2 * k),
                    Arrays.copyOfRange(m, 2 * k, 2 * k + s), Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s));
        }
    }

    private final SrtpContextFactory outbound;
    private final SrtpContextFactory inbound;
    private final Map<Integer, SrtpCryptoContext> rtpOut = new HashMap<>();
    private final Map<Integer, SrtpCryptoContext> rtpIn = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpOut = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpIn = new HashMap<>();

    PeerSrtp(Keys keys) {
        LoggerImpl logger = new LoggerImpl(PeerSrtp.class.getName());
        outbound = new SrtpContextFactory(true, keys.clientKey(), keys.clientSalt(), policy(keys.profile()),
                policy(keys.profile()), logger);
        inbound = new SrtpContextFactory(false, keys.serverKey(), keys.serverSalt(), policy(keys.profile()),
                policy(keys.profile()), logger);
    }

    private static SrtpPolicy policy(SrtpProfileName profile) {
        return profile == SrtpProfileName.AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }

    synchronized byte[] protect(byte[] packet, boolean rtcp) throws GeneralSecurityException {
        View view = new View(Arrays.copyOf(packet, packet.length + 64), packet.length);
        int ssrc = RtpPackets.readInt(packet, rtcp ? 4 : 8);
        SrtpErrorStatus status = rtcp
                ? rtcpOut.computeIfAbsent(ssrc, s -> derive(() -> outbound.deriveControlContext(s))).transformPacket(view)
                : rtpOut.computeIfAbsent(ssrc, s -> derive(() -> outbound.deriveContext(s, 0))).transformPacket(view);
        if (status != SrtpErrorStatus.OK) {
            throw new GeneralSecurityException("SRTP protect failed: " + status);
        }
        return Arrays.copyOfRange(view.getBuffer(), view.getOffset(), view.getOffset() + view.getLength());
    }

    /** The decrypted packet, or null when it does not authenticate. */
    synchronized byte[] unprotect(byte[] buffer, int offset, int length, boolean rtcp) {
        if (length < (rtcp ? 8 : 12)) {
            return null;
        }
        View view = new View(Arrays.copyOfRange(buffer, offset, offset + length), length);
        int ssrc = RtpPackets.readInt(view.getBuffer(), rtcp ? 4 : 8);
        try {
            SrtpErrorStatus status = rtcp
                    ? rtcpIn.computeIfAbsent(ssrc, s -> derive(() -> inbound.deriveControlContext(s)))
                            .reverseTransformPacket(view)
                    : rtpIn.computeIfAbsent(ssrc, s -> derive(() -> inbound.deriveContext(s, 0)))
                            .reverseTransformPacket(view, false);
            return status == SrtpErrorStatus.OK
                    ? Arrays.copyOfRange(view.getBuffer(), view.getOffset(), view.getOffset() + view.getLength())
                    : null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private interface Derivation<T> {
        T derive() throws GeneralSecurityException;
    }

    private static <T> T derive(Derivation<T> derivation) {
        try {
            return derivation.derive();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP context derivation failed", e);
        }
    }

    /** A growable view for jitsi-srtp. */
    private static final class View implements ByteArrayBuffer {
        private byte[] buffer;
        private int offset;
        private int length;

        View(byte[] buffer, int length) {
            this.buffer = buffer;
            this.length = length;
        }

        @Override public byte[] getBuffer() { return buffer; }
        @Override public int getOffset() { return offset; }
        @Override public int getLength() { return length; }
        @Override public void setLength(int length) { this.length = length; }
        @Override public void setOffset(int offset) { this.offset = offset; }
        @Override public boolean isInvalid() { return false; }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buffer, offset + off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (buffer.length - offset - length < howMuch) {
                buffer = Arrays.copyOfRange(buffer, offset, offset + length + howMuch);
                offset = 0;
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
