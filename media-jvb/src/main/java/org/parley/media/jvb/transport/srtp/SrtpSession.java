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
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.jvb.rtp.StreamDrops.Reason;

/**
 * SRTP and SRTCP for one transport, in place, with one context per negotiated stream and direction.
 *
 * <p>Streams follow the session: the transport adds the SSRCs the participant sends (its producers' media and RTX)
 * and the SSRCs it is sent (its consumers' and the server's own RTCP sender), and removes them when their producer
 * or consumer goes. A context is derived on a stream's first packet and released with the stream, so the number of
 * contexts is what the participant negotiated right now, however many people came and went. SRTP under an SSRC that
 * is not negotiated is dropped before any cryptography and reported through {@link StreamDrops}.
 *
 * <p>Two exceptions. RTCP the participant sends under a reporting-only SSRC (a receive-only libwebrtc reports as 1
 * or 0xFA17FA17): those contexts are learned once a packet authenticates, up to {@link #MAX_REPORTING_SSRCS}. And
 * RTP of a stream offered without SSRCs: when {@link UnannouncedStreams} claims the packet by its header, it is
 * authenticated with a context derived for it alone, and only a genuine packet makes its SSRC a stream; after
 * {@link #MAX_FAILED_CLAIMS} forgeries, nothing more is tried.
 *
 * <p>Failures (authentication, replay, malformed) return false and are counted; nothing here throws per packet.
 */
public final class SrtpSession implements AutoCloseable {

    /** Reporting-only RTCP sender SSRCs a participant may use besides its negotiated ones. */
    public static final int MAX_REPORTING_SSRCS = 16;

    /** Claimed packets that may fail authentication before this session stops trying to learn streams. */
    public static final int MAX_FAILED_CLAIMS = 32;

    /** The most SRTP/SRTCP appends: a 4-byte SRTCP index and a 16-byte tag. */
    private static final int MAX_TRAILER = 4 + 16;

    private static final Logger LOGGER = new LoggerImpl(SrtpSession.class.getName());

    private final boolean dtlsServer;
    private final StreamDrops drops;
    private final UnannouncedStreams unannounced;
    /** Receive thread only. */
    private int failedClaims;
    private final StreamContexts<SrtpCryptoContext> rtpIn = new StreamContexts<>();
    private final StreamContexts<SrtpCryptoContext> rtpOut = new StreamContexts<>();
    private final StreamContexts<SrtcpCryptoContext> rtcpIn = new StreamContexts<>();
    private final StreamContexts<SrtcpCryptoContext> rtcpOut = new StreamContexts<>();
    private final SsrcTable.Registry<SrtcpCryptoContext> reportingIn = new SsrcTable.Registry<>(MAX_REPORTING_SSRCS);
    private final LongAdder rejected = new LongAdder();

    /** Null until {@link #start}; the derivations below read them only after the packet path checked. */
    private volatile SrtpContextFactory inbound;
    private volatile SrtpContextFactory outbound;
    private volatile boolean closed;
    /** Guarded by this. */
    private int peakStreams;

    // Held in fields so that the packet path allocates no lambda.
    private final StreamContexts.Derivation<SrtpCryptoContext> deriveRtpIn = ssrc -> inbound.deriveContext(ssrc, 0);
    private final StreamContexts.Derivation<SrtpCryptoContext> deriveRtpOut = ssrc -> outbound.deriveContext(ssrc, 0);
    private final StreamContexts.Derivation<SrtcpCryptoContext> deriveRtcpIn = ssrc -> inbound.deriveControlContext(ssrc);
    private final StreamContexts.Derivation<SrtcpCryptoContext> deriveRtcpOut = ssrc -> outbound.deriveControlContext(ssrc);

    private SrtpSession(boolean dtlsServer, StreamDrops drops, UnannouncedStreams unannounced) {
        this.dtlsServer = dtlsServer;
        this.drops = drops;
        this.unannounced = unannounced;
    }

    /**
     * The DTLS server's session (it receives with the client's keys and sends with its own); keys come with
     * {@link #start}. {@code unannounced} decides about streams offered without SSRCs.
     */
    public static SrtpSession forServer(StreamDrops drops, UnannouncedStreams unannounced) {
        return new SrtpSession(true, drops, unannounced);
    }

    /** The DTLS client's session (tests, load generators): receives with the server's keys, sends with its own. */
    public static SrtpSession forClient(StreamDrops drops) {
        return new SrtpSession(false, drops, UnannouncedStreams.NONE);
    }

    /** Installs the keys the DTLS handshake exported; streams added before keep their place. Once only. */
    public synchronized void start(SrtpKeys keys) {
        if (inbound != null || closed) {
            throw new IllegalStateException(closed ? "SRTP session closed" : "SRTP session already has keys");
        }
        byte[] inKey = dtlsServer ? keys.clientKey() : keys.serverKey();
        byte[] inSalt = dtlsServer ? keys.clientSalt() : keys.serverSalt();
        byte[] outKey = dtlsServer ? keys.serverKey() : keys.clientKey();
        byte[] outSalt = dtlsServer ? keys.serverSalt() : keys.clientSalt();
        SrtpProfile profile = keys.profile();
        outbound = new SrtpContextFactory(true, outKey, outSalt, profile.newPolicy(), profile.newPolicy(), LOGGER);
        inbound = new SrtpContextFactory(false, inKey, inSalt, profile.newPolicy(), profile.newPolicy(), LOGGER);
    }

    public boolean isStarted() {
        return inbound != null && !closed;
    }

    // ---- streams (control path) ----

    /** SSRCs the peer sends (media and RTX of a track it publishes): their SRTP and SRTCP are accepted. */
    public synchronized void addIncoming(int... ssrcs) {
        for (int ssrc : ssrcs) {
            rtpIn.add(ssrc);
            rtcpIn.add(ssrc);
        }
        notePeak();
    }

    public synchronized void removeIncoming(int... ssrcs) {
        for (int ssrc : ssrcs) {
            rtpIn.remove(ssrc);
            rtcpIn.remove(ssrc);
        }
    }

    /** SSRCs sent to the peer (tracks it consumes, the server's RTCP sender): they can be encrypted. */
    public synchronized void addOutgoing(int... ssrcs) {
        for (int ssrc : ssrcs) {
            rtpOut.add(ssrc);
            rtcpOut.add(ssrc);
        }
        notePeak();
    }

    public synchronized void removeOutgoing(int... ssrcs) {
        for (int ssrc : ssrcs) {
            rtpOut.remove(ssrc);
            rtcpOut.remove(ssrc);
        }
    }

    public int incomingStreamCount() {
        return rtpIn.streamCount();
    }

    public int outgoingStreamCount() {
        return rtpOut.streamCount();
    }

    /** The most streams (incoming plus outgoing) negotiated at once so far. */
    public synchronized int peakStreamCount() {
        return peakStreams;
    }

    /** SRTP and SRTCP contexts derived and held right now, reporting-only ones included. */
    public int contextCount() {
        return rtpIn.contextCount() + rtpOut.contextCount() + rtcpIn.contextCount() + rtcpOut.contextCount()
                + reportingIn.size();
    }

    private void notePeak() {
        peakStreams = Math.max(peakStreams, incomingStreamCount() + outgoingStreamCount());
    }

    // ---- packets ----

    /** Decrypts one SRTP packet in place; false when it must be dropped. */
    public boolean unprotectRtp(PacketView packet) {
        if (packet.getLength() < 12 || !isStarted()) {
            return reject();
        }
        int ssrc = readInt(packet, 8);
        try {
            SrtpCryptoContext context = rtpIn.get(ssrc, deriveRtpIn);
            if (context == null) {
                return learnStream(ssrc, packet);
            }
            return ok(context.reverseTransformPacket(packet, false));
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Decrypts one SRTCP compound packet in place; false when it must be dropped. */
    public boolean unprotectRtcp(PacketView packet) {
        if (packet.getLength() < 8 || !isStarted()) {
            return reject();
        }
        int ssrc = readInt(packet, 4);
        try {
            SrtcpCryptoContext context = rtcpIn.get(ssrc, deriveRtcpIn);
            if (context == null) {
                context = reportingIn.get(ssrc);
            }
            if (context != null) {
                return ok(context.reverseTransformPacket(packet));
            }
            return learnReportingSsrc(ssrc, packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /**
     * A stream offered without SSRCs, if its packet is claimed and genuine. The trial context is not kept: the stream,
     * once learned, derives its own on its next packet like any other.
     */
    private boolean learnStream(int ssrc, PacketView packet) throws GeneralSecurityException {
        byte[] buffer = packet.getBuffer();
        if (failedClaims >= MAX_FAILED_CLAIMS || !unannounced.claims(buffer, packet.getOffset(), packet.getLength())) {
            drops.drop(Reason.UNNEGOTIATED_INCOMING, ssrc);
            return false;
        }
        if (inbound.deriveContext(ssrc, 0).reverseTransformPacket(packet, false) != SrtpErrorStatus.OK) {
            failedClaims++;
            return reject();
        }
        return unannounced.learn(packet.getBuffer(), packet.getOffset(), packet.getLength()) || reject();
    }

    /** A reporting-only sender: its context is kept only once a packet authenticates, so forged SSRCs fill nothing. */
    private boolean learnReportingSsrc(int ssrc, PacketView packet) throws GeneralSecurityException {
        if (reportingIn.size() >= MAX_REPORTING_SSRCS) {
            drops.drop(Reason.TOO_MANY_REPORTING_SSRCS, ssrc);
            return false;
        }
        SrtcpCryptoContext context = inbound.deriveControlContext(ssrc);
        if (context.reverseTransformPacket(packet) != SrtpErrorStatus.OK) {
            return reject();
        }
        reportingIn.putIfAbsent(ssrc, context); // full meanwhile: this packet was genuine, the next is dropped
        return true;
    }

    /** Encrypts one RTP packet in place; the view must have room for the tag (it reallocates otherwise). */
    public boolean protectRtp(PacketView packet) {
        if (packet.getLength() < 12 || !isStarted()) {
            return reject();
        }
        int ssrc = readInt(packet, 8);
        try {
            SrtpCryptoContext context = rtpOut.get(ssrc, deriveRtpOut);
            if (context == null) {
                drops.drop(Reason.NO_OUTGOING_CONTEXT, ssrc);
                return false;
            }
            packet.grow(MAX_TRAILER); // GCM writes its tag without growing the buffer itself
            return ok(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Encrypts one compound RTCP packet in place. */
    public boolean protectRtcp(PacketView packet) {
        if (packet.getLength() < 8 || !isStarted()) {
            return reject();
        }
        int ssrc = readInt(packet, 4);
        try {
            SrtcpCryptoContext context = rtcpOut.get(ssrc, deriveRtcpOut);
            if (context == null) {
                drops.drop(Reason.NO_OUTGOING_CONTEXT, ssrc);
                return false;
            }
            packet.grow(MAX_TRAILER);
            return ok(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return reject();
        }
    }

    /** Packets dropped so far because they failed authentication or replay checks, were malformed or came too early. */
    public long rejectedCount() {
        return rejected.sum();
    }

    @Override
    public synchronized void close() {
        closed = true;
        rtpIn.clear();
        rtpOut.clear();
        rtcpIn.clear();
        rtcpOut.clear();
        reportingIn.clear();
        if (inbound != null) {
            inbound.close();
            outbound.close();
        }
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
