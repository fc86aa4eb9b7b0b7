package org.parley.media.jvb.transport;

import java.security.SecureRandom;
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.jvb.transport.srtp.PacketView;
import org.parley.media.jvb.transport.srtp.SrtpKeys;
import org.parley.media.jvb.transport.srtp.SrtpProfile;
import org.parley.media.jvb.transport.srtp.SrtpSession;
import org.parley.media.jvb.transport.srtp.UnannouncedStreams;

/**
 * Runs SRTP and SRTCP once per profile with throwaway keys, so the first real call does not pay for class loading
 * and jitsi-srtp's one-time choice of the fastest AES implementation (a benchmark run on first use).
 */
final class CryptoWarmUp {

    private static final int SSRC = 1;
    private static final StreamDrops DROPS = new StreamDrops("SRTP warm-up");

    private CryptoWarmUp() {}

    /** @return how long it took, in nanoseconds */
    static long run() {
        long start = System.nanoTime();
        SecureRandom random = new SecureRandom();
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[] material = new byte[SrtpKeys.materialLength(profile)];
            random.nextBytes(material);
            SrtpKeys keys = SrtpKeys.fromKeyingMaterial(profile, material);
            try (SrtpSession sender = SrtpSession.forClient(DROPS); SrtpSession receiver = SrtpSession.forServer(DROPS, UnannouncedStreams.NONE)) {
                sender.start(keys);
                receiver.start(keys);
                sender.addOutgoing(SSRC);
                receiver.addIncoming(SSRC);
                roundTrip(sender, receiver, rtp(), false);
                roundTrip(sender, receiver, rtcp(), true);
            }
        }
        return System.nanoTime() - start;
    }

    private static void roundTrip(SrtpSession sender, SrtpSession receiver, byte[] packet, boolean rtcp) {
        byte[] buffer = new byte[packet.length + 64];
        System.arraycopy(packet, 0, buffer, 0, packet.length);
        PacketView view = new PacketView().set(buffer, 0, packet.length);
        boolean ok = rtcp ? sender.protectRtcp(view) && receiver.unprotectRtcp(view)
                : sender.protectRtp(view) && receiver.unprotectRtp(view);
        if (!ok) {
            throw new IllegalStateException("SRTP self-test failed at start-up (" + (rtcp ? "SRTCP" : "SRTP") + ")");
        }
    }

    /** An RTP packet: version 2, payload type 96, SSRC 1, 100 bytes of payload. */
    private static byte[] rtp() {
        byte[] packet = new byte[12 + 100];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[11] = 1;
        return packet;
    }

    /** An empty RTCP receiver report from SSRC 1. */
    private static byte[] rtcp() {
        return new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
    }
}
