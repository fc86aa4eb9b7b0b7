package org.parley.media.jvb.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.parley.media.spi.tck.peer.RtpPackets;

/** Both ends of one key exchange, in memory: what one protects the other unprotects, and nothing else. */
class SrtpSessionTest {

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[SrtpKeys.materialLength(profile)];
        new SecureRandom().nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }

    private static byte[] bytes(PacketView view) {
        return Arrays.copyOfRange(view.getBuffer(), view.getOffset(), view.getOffset() + view.getLength());
    }

    private static PacketView roomy(byte[] packet) {
        return new PacketView().set(Arrays.copyOf(packet, packet.length + 32), 0, packet.length);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void clientToServerRtpRoundTripsAndTamperingIsRejected(SrtpProfile profile) {
        SrtpKeys keys = keys(profile);
        SrtpSession client = SrtpSession.forClient(keys);
        SrtpSession server = SrtpSession.forServer(keys);
        byte[] clear = RtpPackets.rtp(0xCAFEBABE, 96, 1000, 1234, "payload".getBytes());

        PacketView wire = roomy(clear);
        assertTrue(client.protectRtp(wire));
        byte[] encrypted = bytes(wire);
        assertTrue(encrypted.length > clear.length, "carries an auth tag");
        assertNotEquals(Arrays.toString(clear), Arrays.toString(Arrays.copyOf(encrypted, clear.length)));

        PacketView received = new PacketView().set(encrypted.clone(), 0, encrypted.length);
        assertTrue(server.unprotectRtp(received));
        assertArrayEquals(clear, bytes(received));

        PacketView replayed = new PacketView().set(encrypted.clone(), 0, encrypted.length);
        assertFalse(server.unprotectRtp(replayed), "replay rejected");

        byte[] tampered = encrypted.clone();
        tampered[tampered.length - 1] ^= 1;
        tampered[3] ^= 1; // a new sequence number, so this is not merely a replay
        assertFalse(server.unprotectRtp(new PacketView().set(tampered, 0, tampered.length)), "tampering rejected");
        assertEquals(2, server.rejectedCount());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void serverToClientRtcpRoundTrips(SrtpProfile profile) {
        SrtpKeys keys = keys(profile);
        SrtpSession server = SrtpSession.forServer(keys);
        SrtpSession client = SrtpSession.forClient(keys);
        byte[] clear = RtpPackets.emptyReceiverReport(42);

        PacketView wire = roomy(clear);
        assertTrue(server.protectRtcp(wire));
        byte[] encrypted = bytes(wire);
        PacketView received = new PacketView().set(encrypted, 0, encrypted.length);
        assertTrue(client.unprotectRtcp(received));
        assertArrayEquals(clear, bytes(received));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aPacketFromTheWrongDirectionOrKeysIsRejected(SrtpProfile profile) {
        SrtpKeys keys = keys(profile);
        SrtpSession server = SrtpSession.forServer(keys);
        SrtpSession stranger = SrtpSession.forClient(keys(profile));
        PacketView forged = roomy(RtpPackets.rtp(7, 96, 1, 1, new byte[20]));
        assertTrue(stranger.protectRtp(forged));
        assertFalse(server.unprotectRtp(forged));

        PacketView ownEcho = roomy(RtpPackets.rtp(8, 96, 1, 1, new byte[20]));
        assertTrue(server.protectRtp(ownEcho));
        assertFalse(server.unprotectRtp(ownEcho), "the server's own keys never decrypt inbound");
        assertFalse(server.unprotectRtp(new PacketView().set(new byte[5], 0, 5)), "short packet");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectGrowsATightBufferInsteadOfFailing(SrtpProfile profile) {
        SrtpKeys keys = keys(profile);
        byte[] clear = RtpPackets.rtp(9, 96, 1, 1, new byte[100]);
        PacketView tight = new PacketView().set(clear.clone(), 0, clear.length);
        assertTrue(SrtpSession.forClient(keys).protectRtp(tight));
        assertTrue(SrtpSession.forServer(keys).unprotectRtp(tight));
        assertArrayEquals(clear, bytes(tight));
    }
}
