package org.parley.media.jvb.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.LongAdder;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.parley.media.jvb.rtp.SsrcTable;

/**
 * SRTP and SRTCP for one transport, in place: per-SSRC contexts created lazily in each direction.
 * Failures (authentication, replay, malformed) return false and are counted; nothing here throws per packet.
 */
public final class SrtpSession implements AutoCloseable {

    /** More SSRCs than a participant plausibly uses (simulcast, RTX, FEC per track), small enough to bound memory. */
    private static final int MAX_SSRCS_PER_DIRECTION = 64;

    /** The most SRTP/SRTCP appends: a 4-byte SRTCP index and a 16-byte tag. */
    private static final int MAX_TRAILER = 4 + 16;

    private static final Logger LOGGER = new LoggerImpl(SrtpSession.class.getName());

    private final SrtpContextFactory inbound;
    private final SrtpContextFactory outbound;
    private final SsrcTable.Registry<SrtpCryptoContext> rtpIn = new SsrcTable.Registry<>(MAX_SSRCS_PER_DIRECTION);
    private final SsrcTable.Registry<SrtpCryptoContext> rtpOut = new SsrcTable.Registry<>(MAX_SSRCS_PER_DIRECTION);
    private final SsrcTable.Registry<SrtcpCryptoContext> rtcpIn = new SsrcTable.Registry<>(MAX_SSRCS_PER_DIRECTION);
    private final SsrcTable.Registry<SrtcpCryptoContext> rtcpOut = new SsrcTable.Registry<>(MAX_SSRCS_PER_DIRECTION);
    private final LongAdder rejected = new LongAdder();

    private SrtpSession(SrtpProfile profile, byte[] inKey, byte[] inSalt, byte[] outKey, byte[] outSalt) {
        inbound = new SrtpContextFactory(false, inKey, inSalt, profile.newPolicy(), profile.newPolicy(), LOGGER);
        outbound = new SrtpContextFactory(true, outKey, outSalt, profile.newPolicy(), profile.newPolicy(), LOGGER);
    }

    /** The DTLS server's view: it receives with the client's keys and sends with its own. */
    public static SrtpSession forServer(SrtpKeys keys) {
        return new SrtpSession(keys.profile(), keys.clientKey(), keys.clientSalt(), keys.serverKey(), keys.serverSalt());
    }

    /** The DTLS client's view (tests, load generators): receives with the server's keys, sends with its own. */
    public static SrtpSession forClient(SrtpKeys keys) {
        return new SrtpSession(keys.profile(), keys.serverKey(), keys.serverSalt(), keys.clientKey(), keys.clientSalt());
    }

    /** Decrypts one SRTP packet in place; false when it must be dropped. */
    public boolean unprotectRtp(PacketView packet) {
        if (packet.getLength() < 12) {
            return reject();
        }
        int ssrc = readInt(packet, 8);
        try {
            SrtpCryptoContext context = rtpIn.get(ssrc);
            if (context != null) {
                return ok(context.reverseTransformPacket(packet, false));
            }
            context = inbound.deriveContext(ssrc, 0);
            // Only a packet that authenticates earns its SSRC a context: forged SSRCs cannot fill the map.
            if (context.reverseTransformPacket(packet, false) != SrtpErrorStatus.OK) {
                return reject();
            }
            rtpIn.putIfAbsent(ssrc, context);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Decrypts one SRTCP compound packet in place; false when it must be dropped. */
    public boolean unprotectRtcp(PacketView packet) {
        if (packet.getLength() < 8) {
            return reject();
        }
        int ssrc = readInt(packet, 4);
        try {
            SrtcpCryptoContext context = rtcpIn.get(ssrc);
            if (context != null) {
                return ok(context.reverseTransformPacket(packet));
            }
            context = inbound.deriveControlContext(ssrc);
            if (context.reverseTransformPacket(packet) != SrtpErrorStatus.OK) {
                return reject();
            }
            rtcpIn.putIfAbsent(ssrc, context);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Encrypts one RTP packet in place; the view must have room for the tag (it reallocates otherwise). */
    public boolean protectRtp(PacketView packet) {
        if (packet.getLength() < 12) {
            return reject();
        }
        int ssrc = readInt(packet, 8);
        try {
            SrtpCryptoContext context = rtpOut.get(ssrc);
            if (context == null) {
                context = rtpOut.putIfAbsent(ssrc, outbound.deriveContext(ssrc, 0));
                if (context == null) {
                    return reject();
                }
            }
            packet.grow(MAX_TRAILER); // GCM writes its tag without growing the buffer itself
            return ok(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Encrypts one compound RTCP packet in place. */
    public boolean protectRtcp(PacketView packet) {
        if (packet.getLength() < 8) {
            return reject();
        }
        int ssrc = readInt(packet, 4);
        try {
            SrtcpCryptoContext context = rtcpOut.get(ssrc);
            if (context == null) {
                context = rtcpOut.putIfAbsent(ssrc, outbound.deriveControlContext(ssrc));
                if (context == null) {
                    return reject();
                }
            }
            packet.grow(MAX_TRAILER);
            return ok(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Packets dropped so far because they failed authentication, replay checks or were malformed. */
    public long rejectedCount() {
        return rejected.sum();
    }

    @Override
    public void close() {
        rtpIn.clear();
        rtpOut.clear();
        rtcpIn.clear();
        rtcpOut.clear();
        inbound.close();
        outbound.close();
    }

    private boolean ok(SrtpErrorStatus status) {
        return status == SrtpErrorStatus.OK || reject();
    }

    private boolean reject() {
        rejected.increment();
        return false;
    }

    private static int readInt(PacketView p, int at) {
        byte[] b = p.getBuffer();
        int i = p.getOffset() + at;
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
