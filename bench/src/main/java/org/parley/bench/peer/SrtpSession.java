package org.parley.bench.peer;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One direction of SRTP (RTP only) with contexts per SSRC. Not thread-safe: each direction is used by one thread
 * (the pacer protects, the receive loop unprotects), and packets are transformed in place.
 */
public final class SrtpSession {

    private final SrtpContextFactory factory;
    private final Map<Integer, SrtpCryptoContext> contexts = new HashMap<>();

    public SrtpSession(boolean sender, boolean gcm, byte[] key, byte[] salt) {
        SrtpPolicy policy = gcm
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        factory = new SrtpContextFactory(sender, key, salt, policy, policy, new LoggerImpl(SrtpSession.class.getName()));
    }

    /** Encrypts in place; false on failure. */
    public boolean protect(PacketBuffer packet) {
        try {
            return context(packet).transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Decrypts and authenticates in place; false when the packet does not authenticate. */
    public boolean unprotect(PacketBuffer packet) {
        if (packet.getLength() < 12) {
            return false;
        }
        try {
            return context(packet).reverseTransformPacket(packet, false) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private SrtpCryptoContext context(PacketBuffer packet) throws GeneralSecurityException {
        byte[] b = packet.getBuffer();
        int at = packet.getOffset() + 8;
        int ssrc = ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        SrtpCryptoContext context = contexts.get(ssrc);
        if (context == null) {
            context = factory.deriveContext(ssrc, 0);
            contexts.put(ssrc, context);
        }
        return context;
    }
}
