package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * RTP and RTCP from a participant who got through ICE, DTLS and SRTP and then sends whatever it likes, as routing
 * receives it: Mallory publishes a camera, a microphone and a simulcast track announced by RID only, and watches
 * Alice's camera and microphone; Bob watches everyone. Whatever Mallory sends, nothing throws, and Alice's next
 * packet still reaches Bob as it should.
 *
 * <p>The input is a sequence of packets, each {@code [flags] [length: 2 bytes] [bytes]}: flags bit 0 says RTCP, bits
 * 1-3 pick an SSRC to write at bytes 8-11 (0: leave them; else one of Mallory's own or her consumers', or Alice's, so
 * that packets reach the streams they may name), bits 4-7 how many milliseconds pass before it arrives.
 */
class TransportIngressFuzzTest {

    private static final int MID_ID = 9;
    private static final int RID_ID = 10;
    private static final long ALICE_VIDEO = 0xA1;

    @FuzzTest
    void packetsFromAParticipant(byte[] input) {
        RoutingFixture fixture = new RoutingFixture();
        JvbRouter room = fixture.router("room");
        Participant alice = fixture.join(room, "alice").connected();
        Participant mallory = fixture.join(room, "mallory").connected();
        Participant bob = fixture.join(room, "bob").connected();
        JvbProducer aliceCamera = alice.transport().produce(RoutingFixture.video(ALICE_VIDEO, 0xA2));
        JvbProducer aliceMic = alice.transport().produce(RoutingFixture.audio(0xA3));
        RtpParameters camera = RoutingFixture.video(0xB1, 0xB2);
        List<JvbProducer> mallorys = List.of(
                mallory.transport().produce(camera),
                mallory.transport().produce(RoutingFixture.audio(0xB3)),
                mallory.transport().produce(new RtpParameters(MediaKind.VIDEO, camera.codecs(),
                        List.of(RtpEncoding.layer("q"), RtpEncoding.layer("h")),
                        List.of(new RtpHeaderExtension(MID_ID, RtpHeaderExtension.MID),
                                new RtpHeaderExtension(RID_ID, RtpHeaderExtension.RID)),
                        "mallory", "screen", "cname-mallory", "2")));
        List<Long> ssrcs = new ArrayList<>(List.of(0xB1L, 0xB2L, 0xB3L, ALICE_VIDEO));
        for (JvbProducer watched : List.of(aliceCamera, aliceMic)) {
            RtpEncoding encoding = mallory.transport().consume(watched).rtpParameters().encodings().get(0);
            ssrcs.add(encoding.ssrc());
            ssrcs.add(encoding.rtxSsrc());
        }
        JvbConsumer toBob = bob.transport().consume(aliceCamera);
        bob.transport().consume(aliceMic);
        mallorys.forEach(bob.transport()::consume);
        for (int sequence = 1; sequence <= 20; sequence++) {
            alice.wire().receiveRtp(TestPackets.rtp(ALICE_VIDEO, 96, sequence, new byte[] {(byte) sequence, 2, 3}));
            fixture.advanceMillis(5);
        }

        for (int at = 0; at + 3 <= input.length; ) {
            int flags = input[at] & 0xFF;
            int length = Math.min(Bytes.readShort(input, at + 1), input.length - at - 3);
            byte[] packet = Arrays.copyOfRange(input, at + 3, at + 3 + length);
            at += 3 + length;
            int ssrc = (flags >>> 1) & 0x7;
            if (ssrc != 0 && packet.length >= 12) {
                Bytes.writeInt(packet, 8, (int) (long) ssrcs.get(ssrc - 1));
            }
            fixture.advanceMillis(flags >>> 4);
            if ((flags & 1) != 0) {
                mallory.wire().receiveRtcp(packet);
            } else if (packet.length < 12 || mallory.wire().incoming.get(Bytes.readInt(packet, 8)) != null) {
                mallory.wire().receiveRtp(packet);
            } else if (mallory.wire().handler.claims(packet, 0, packet.length)
                    && mallory.wire().handler.learn(packet, 0, packet.length)) {
                mallory.wire().receiveRtp(packet); // an SSRC nobody announced, as the SRTP layer hands it over
            }
        }

        int sent = bob.wire().sentRtp.size();
        alice.wire().receiveRtp(TestPackets.rtp(ALICE_VIDEO, 96, 21, new byte[] {21, 2, 3}));
        long bobsSsrc = toBob.rtpParameters().encodings().get(0).ssrc();
        List<byte[]> toBobNow = bob.wire().sentRtp.subList(sent, bob.wire().sentRtp.size());
        assertEquals(1, toBobNow.stream().filter(p -> Bytes.readInt(p, 8) == (int) bobsSsrc).count(),
                "Alice's next packet reaches Bob, once");
        assertArrayEquals(TestPackets.rtp(bobsSsrc, 96, 21, new byte[] {21, 2, 3}),
                toBobNow.stream().filter(p -> Bytes.readInt(p, 8) == (int) bobsSsrc).findFirst().orElseThrow());
    }
}
