package org.parley.media.jvb.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.spi.tck.peer.RtpPackets;

/**
 * SRTP and SRTCP as the server receives them, with keys fixed here: a datagram nobody could sign is dropped (false),
 * never thrown about, and leaves the session as it was, so that the participant's next genuine packet still decrypts;
 * and a packet the participant protected decrypts to exactly what it protected.
 *
 * <p>The input's first byte chooses: bit 0 the profile (AES-GCM or AES-CM with HMAC-SHA1), bit 1 SRTCP rather than
 * SRTP, bit 2 a genuine packet (the rest is the clear packet, protected by the participant first) rather than the rest
 * as it came, bit 3 a server that tries to learn streams offered without SSRCs (every packet claimed).
 */
class SrtpSessionFuzzTest {

    /** The stream the participant negotiated, in both directions of the test. */
    private static final int SSRC = 0x1234_5678;
    private static final int OFFSET = 6;
    private static final UnannouncedStreams CLAIMS_EVERYTHING = new UnannouncedStreams() {
        @Override
        public boolean claims(byte[] buffer, int offset, int length) {
            return true;
        }

        @Override
        public boolean learn(byte[] buffer, int offset, int length) {
            return true;
        }
    };

    @FuzzTest
    void unprotect(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0];
        SrtpProfile profile = (mode & 1) == 0 ? SrtpProfile.AEAD_AES_128_GCM : SrtpProfile.AES128_CM_HMAC_SHA1_80;
        boolean rtcp = (mode & 2) != 0;
        byte[] packet = Arrays.copyOfRange(input, 1, input.length);
        SrtpKeys keys = keys(profile);
        SrtpSession server = SrtpSession.forServer(new StreamDrops("server"), (mode & 8) != 0 ? CLAIMS_EVERYTHING : UnannouncedStreams.NONE);
        server.start(keys);
        server.addIncoming(SSRC);
        SrtpSession participant = SrtpSession.forClient(new StreamDrops("participant"));
        participant.start(keys);
        participant.addOutgoing(SSRC);

        int nextSequence = 7;
        if ((mode & 4) != 0) {
            if (packet.length >= (rtcp ? 8 : 12)) {
                Bytes.writeInt(packet, rtcp ? 4 : 8, SSRC);
            }
            PacketView wire = new PacketView().set(Arrays.copyOf(packet, packet.length + 32), 0, packet.length);
            if (!(rtcp ? participant.protectRtcp(wire) : participant.protectRtp(wire))) {
                return; // not a packet SRTP protects (too short for its header)
            }
            PacketView received = inLargerBuffer(bytes(wire));
            assertTrue(rtcp ? server.unprotectRtcp(received) : server.unprotectRtp(received), "a genuine packet is taken");
            assertArrayEquals(packet, bytes(received), "and decrypts to what was sent");
            nextSequence = rtcp ? nextSequence : Bytes.readShort(packet, 2) + 1; // a jump of 2^15 or more is a new roll-over
        } else {
            // Dropped, unless it is one the participant itself protected (the seeds hold a few).
            PacketView received = inLargerBuffer(packet);
            if (rtcp) {
                server.unprotectRtcp(received);
            } else {
                server.unprotectRtp(received);
            }
        }

        // The participant's stream carries on, whatever came before.
        PacketView next = new PacketView().set(new byte[200], 0, 0);
        byte[] clear = rtcp ? RtpPackets.emptyReceiverReport(SSRC) : RtpPackets.rtp(SSRC, 96, nextSequence & 0xFFFF, 3000L, new byte[20]);
        System.arraycopy(clear, 0, next.getBuffer(), 0, clear.length);
        next.setLength(clear.length);
        assertTrue(rtcp ? participant.protectRtcp(next) : participant.protectRtp(next));
        PacketView received = inLargerBuffer(bytes(next));
        assertTrue(rtcp ? server.unprotectRtcp(received) : server.unprotectRtp(received),
                "the participant's next genuine packet is taken");
        assertArrayEquals(clear, bytes(received));
        server.close();
        participant.close();
    }

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[SrtpKeys.materialLength(profile)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 37 + 11);
        }
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }

    private static PacketView inLargerBuffer(byte[] packet) {
        byte[] buffer = new byte[OFFSET + packet.length + 40];
        Arrays.fill(buffer, (byte) 0x55);
        System.arraycopy(packet, 0, buffer, OFFSET, packet.length);
        return new PacketView().set(buffer, OFFSET, packet.length);
    }

    private static byte[] bytes(PacketView view) {
        return Arrays.copyOfRange(view.getBuffer(), view.getOffset(), view.getOffset() + view.getLength());
    }
}
