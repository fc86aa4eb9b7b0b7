package org.parley.media.jvb.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.parley.media.jvb.rtp.StreamDrops;
import org.parley.media.jvb.rtp.StreamDrops.Reason;
import org.parley.media.spi.tck.peer.RtpPackets;

/**
 * Both ends of one key exchange, in memory: what one protects the other unprotects, and nothing else; and the life
 * cycle of the contexts, which follow the streams the session negotiated.
 */
class SrtpSessionTest {

    private final StreamDrops serverDrops = new StreamDrops("server under test");
    private final StreamDrops clientDrops = new StreamDrops("client under test");

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[SrtpKeys.materialLength(profile)];
        new SecureRandom().nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }

    private SrtpSession server(SrtpKeys keys) {
        SrtpSession session = SrtpSession.forServer(serverDrops, UnannouncedStreams.NONE);
        session.start(keys);
        return session;
    }

    private SrtpSession client(SrtpKeys keys) {
        SrtpSession session = SrtpSession.forClient(clientDrops);
        session.start(keys);
        return session;
    }

    private static byte[] bytes(PacketView view) {
        return Arrays.copyOfRange(view.getBuffer(), view.getOffset(), view.getOffset() + view.getLength());
    }

    private static PacketView roomy(byte[] packet) {
        return new PacketView().set(Arrays.copyOf(packet, packet.length + 32), 0, packet.length);
    }

    /** Protects an RTP packet of {@code ssrc} at the sender (which must have it outgoing) and unprotects it. */
    private static boolean rtpArrives(SrtpSession sender, SrtpSession receiver, int ssrc, int sequence) {
        PacketView wire = roomy(RtpPackets.rtp(ssrc, 96, sequence, sequence * 90L, new byte[40]));
        assertTrue(sender.protectRtp(wire), "the sender protects SSRC " + ssrc);
        return receiver.unprotectRtp(new PacketView().set(bytes(wire), 0, wire.getLength()));
    }

    private static boolean rtcpArrives(SrtpSession sender, SrtpSession receiver, int senderSsrc) {
        PacketView wire = roomy(RtpPackets.emptyReceiverReport(senderSsrc));
        assertTrue(sender.protectRtcp(wire), "the sender protects RTCP from " + senderSsrc);
        return receiver.unprotectRtcp(new PacketView().set(bytes(wire), 0, wire.getLength()));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void clientToServerRtpRoundTripsAndTamperingIsRejected(SrtpProfile profile) {
        SrtpKeys keys = keys(profile);
        SrtpSession client = client(keys);
        SrtpSession server = server(keys);
        client.addOutgoing(0xCAFEBABE);
        server.addIncoming(0xCAFEBABE);
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
        SrtpSession server = server(keys);
        SrtpSession client = client(keys);
        server.addOutgoing(42);
        client.addIncoming(42);
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
        SrtpSession server = server(keys);
        server.addIncoming(7, 8);
        server.addOutgoing(8);
        SrtpSession stranger = client(keys(profile));
        stranger.addOutgoing(7);
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
        SrtpSession client = client(keys);
        SrtpSession server = server(keys);
        client.addOutgoing(9);
        server.addIncoming(9);
        byte[] clear = RtpPackets.rtp(9, 96, 1, 1, new byte[100]);
        PacketView tight = new PacketView().set(clear.clone(), 0, clear.length);
        assertTrue(client.protectRtp(tight));
        assertTrue(server.unprotectRtp(tight));
        assertArrayEquals(clear, bytes(tight));
    }

    @Test
    void anSsrcThatWasNotNegotiatedIsDroppedBeforeAnyCryptographyAndCounted() {
        SrtpKeys keys = keys(SrtpProfile.AEAD_AES_128_GCM);
        SrtpSession client = client(keys);
        SrtpSession server = server(keys);
        client.addOutgoing(1, 2);
        server.addIncoming(1);

        assertTrue(rtpArrives(client, server, 1, 1));
        int contexts = server.contextCount();
        for (int sequence = 1; sequence <= 100; sequence++) {
            assertFalse(rtpArrives(client, server, 2, sequence), "SSRC 2 was never negotiated");
        }

        assertEquals(100, serverDrops.count(Reason.UNNEGOTIATED_INCOMING));
        assertEquals(0, server.rejectedCount(), "not even tried: no authentication failure");
        assertEquals(contexts, server.contextCount(), "no context made for the stranger");

        PacketView unknownOut = roomy(RtpPackets.rtp(3, 96, 1, 1, new byte[20]));
        assertFalse(server.protectRtp(unknownOut), "nothing negotiated SSRC 3 towards the client");
        assertEquals(1, serverDrops.count(Reason.NO_OUTGOING_CONTEXT));
    }

    /** What a subscriber's transport lives through in a long meeting: 40 newcomers come and go, and the 41st is heard. */
    @Test
    void contextsFollowTheStreamsThroughALongMeeting() {
        SrtpKeys keys = keys(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        SrtpSession server = server(keys);
        SrtpSession subscriber = client(keys);
        server.addOutgoing(0x5E11); // the router's RTCP sender SSRC
        subscriber.addIncoming(0x5E11);
        int most = 0;

        for (int newcomer = 1; newcomer <= 41; newcomer++) {
            int[] ssrcs = {newcomer * 10, newcomer * 10 + 1, newcomer * 10 + 2}; // audio, video, video RTX
            server.addOutgoing(ssrcs);
            subscriber.addIncoming(ssrcs);
            for (int ssrc : ssrcs) {
                assertTrue(rtpArrives(server, subscriber, ssrc, newcomer), "newcomer " + newcomer + ", SSRC " + ssrc);
                assertTrue(rtcpArrives(server, subscriber, ssrc), "sender report of newcomer " + newcomer);
            }
            assertTrue(rtcpArrives(server, subscriber, 0x5E11), "the router's RTCP, newcomer " + newcomer);
            most = Math.max(most, server.contextCount());
            server.removeOutgoing(ssrcs);
            subscriber.removeIncoming(ssrcs);
        }

        assertEquals(1, server.outgoingStreamCount(), "only the router's RTCP sender is left");
        assertEquals(1, server.contextCount(), "its SRTCP context");
        assertEquals(2 * 3 + 1, most, "at most one newcomer's RTP and RTCP contexts and the router's at once");
        assertEquals(4, server.peakStreamCount());
        assertEquals(0, serverDrops.total());
        assertEquals(0, server.rejectedCount());
    }

    @Test
    void aStreamIsReleasedWithItsLastOwnerAndItsReplayWindowWithIt() {
        SrtpKeys keys = keys(SrtpProfile.AEAD_AES_128_GCM);
        SrtpSession client = client(keys);
        SrtpSession server = server(keys);
        client.addOutgoing(5);
        server.addIncoming(5);
        server.addIncoming(5); // a second owner of the same SSRC

        assertTrue(rtpArrives(client, server, 5, 1));
        server.removeIncoming(5);
        assertTrue(rtpArrives(client, server, 5, 2), "one owner left: still negotiated");
        server.removeIncoming(5);
        assertFalse(rtpArrives(client, server, 5, 3), "the last owner went");
        assertEquals(0, server.contextCount());
        assertEquals(0, server.incomingStreamCount());
        assertEquals(1, serverDrops.count(Reason.UNNEGOTIATED_INCOMING));

        server.addIncoming(5);
        assertTrue(rtpArrives(client, server, 5, 4), "negotiated again: a fresh context");
    }

    @Test
    void reportingOnlySsrcsAreLearnedWhenGenuineUpToTheLimit() {
        SrtpKeys keys = keys(SrtpProfile.AEAD_AES_128_GCM);
        SrtpSession client = client(keys);
        SrtpSession server = server(keys);
        SrtpSession stranger = client(keys(SrtpProfile.AEAD_AES_128_GCM));
        stranger.addOutgoing(0xBAD);
        PacketView forged = roomy(RtpPackets.emptyReceiverReport(0xBAD));
        assertTrue(stranger.protectRtcp(forged));
        assertFalse(server.unprotectRtcp(forged), "a forged report earns nothing");

        for (int ssrc = 1; ssrc <= SrtpSession.MAX_REPORTING_SSRCS; ssrc++) {
            client.addOutgoing(ssrc);
            assertTrue(rtcpArrives(client, server, ssrc), "receive-only reporter SSRC " + ssrc);
        }
        client.addOutgoing(1000);
        assertFalse(rtcpArrives(client, server, 1000), "one reporting SSRC too many");

        assertEquals(SrtpSession.MAX_REPORTING_SSRCS, server.contextCount());
        assertEquals(1, serverDrops.count(Reason.TOO_MANY_REPORTING_SSRCS));
        assertTrue(rtcpArrives(client, server, 1), "a learned reporter keeps working");
    }

    @Test
    void beforeKeysAndAfterCloseNothingPasses() {
        SrtpSession pending = SrtpSession.forServer(serverDrops, UnannouncedStreams.NONE);
        pending.addOutgoing(1);
        assertFalse(pending.isStarted());
        assertFalse(pending.protectRtp(roomy(RtpPackets.rtp(1, 96, 1, 1, new byte[20]))));

        SrtpKeys keys = keys(SrtpProfile.AEAD_AES_128_GCM);
        pending.start(keys);
        assertTrue(pending.protectRtp(roomy(RtpPackets.rtp(1, 96, 2, 1, new byte[20]))), "declared before the keys");
        assertThrows(IllegalStateException.class, () -> pending.start(keys));

        pending.close();
        assertFalse(pending.protectRtp(roomy(RtpPackets.rtp(1, 96, 3, 1, new byte[20]))));
        assertEquals(0, pending.contextCount());
        assertEquals(0, serverDrops.total(), "closing is not a lost stream");
    }
}
