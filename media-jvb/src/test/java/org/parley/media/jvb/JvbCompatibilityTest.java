package org.parley.media.jvb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.Router;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.tck.MediaBackendCompatibilityTest;

/**
 * The default backend against the SPI compatibility kit (real ICE, DTLS and SRTP over loopback), plus what this
 * backend promises beyond the kit: retransmissions reach the subscriber that asked, sender reports and NACKs cross
 * the SFU too.
 */
class JvbCompatibilityTest extends MediaBackendCompatibilityTest {

    private static final long VIDEO = 0x5EED0001L;
    private static final long RTX = 0x5EED0002L;
    private static final long BOB = 0x0B0B0001L;

    @Override
    protected MediaBackendProvider provider() {
        return new JvbBackendProvider();
    }

    /**
     * One subscriber's downlink loses packets, another's does not. The lossy one NACKs, the server answers from its
     * cache with RTX, and the retransmissions reach the subscriber who asked and never the healthy one (whose downlink
     * would otherwise carry the lossy one's repairs). The publisher hears nothing of it: its link lost nothing. RTX
     * nobody asked for goes nowhere.
     */
    @Test
    void retransmissionsReachOnlyTheSubscriberWhoseDownlinkLostThePackets() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant lossy = connected(room, "lossy");
        Participant healthy = connected(room, "healthy");
        Producer camera = alice.transport().produce(video((int) VIDEO, (int) RTX));
        RtpEncoding atLossy = lossy.transport().consume(camera).rtpParameters().encodings().get(0);
        RtpEncoding atHealthy = healthy.transport().consume(camera).rtpParameters().encodings().get(0);

        // 60 packets; on the lossy subscriber's downlink every fifth is lost (discarded as the network would).
        Set<Integer> lost = new TreeSet<>();
        for (int sequence = 1; sequence <= 60; sequence++) {
            alice.peer().sendRtp(TestPackets.rtp(VIDEO, 96, sequence, new byte[] {1, 2, 3, (byte) sequence}));
            if (sequence % 5 == 0) {
                lost.add(sequence);
            }
        }
        drain(lossy, packet -> { });
        alice.peer().sendRtp(TestPackets.rtp(RTX, 97, 1, new byte[] {0, 1, 9, 9})); // RTX of packet 1: nobody asked

        // The lossy subscriber NACKs what it misses until the repairs arrived, as a browser would.
        Set<Integer> repaired = new TreeSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!repaired.equals(lost) && System.nanoTime() < deadline) {
            for (int sequence : lost) {
                if (!repaired.contains(sequence)) {
                    lossy.peer().sendRtcp(TestPackets.nack(BOB, atLossy.ssrc(), sequence, 0));
                }
            }
            drain(lossy, packet -> {
                if (RtpHeader.ssrc(packet, 0) == (int) atLossy.rtxSsrc()) {
                    int original = RtpHeader.originalSequenceNumber(packet, 0, packet.length);
                    assertTrue(lost.contains(original), "only what was lost comes back: " + original);
                    repaired.add(original);
                }
            });
        }

        assertEquals(lost, repaired, "every lost packet was repaired for the lossy subscriber");
        List<Integer> repairsAtHealthy = new ArrayList<>();
        drain(healthy, packet -> {
            if (RtpHeader.ssrc(packet, 0) == (int) atHealthy.rtxSsrc()) {
                repairsAtHealthy.add(RtpHeader.originalSequenceNumber(packet, 0, packet.length));
            }
        });
        assertEquals(List.of(), repairsAtHealthy, "the healthy subscriber got none of the lossy one's repairs");
        byte[] compound;
        while ((compound = alice.peer().receivedRtcp().poll(100, TimeUnit.MILLISECONDS)) != null) {
            assertEquals(List.of(), nackedSequences(compound), "no NACK reached the publisher");
        }
    }

    /**
     * A track offered without {@code a=ssrc} (as browsers may): the server learns its SSRCs from the MID header
     * extension of its first packets, media and RTX, and keeps routing them once the extension is no longer sent. A
     * stream naming another mid is not taken for it.
     */
    @Test
    void aTrackAnnouncedWithoutSsrcsIsLearnedFromItsMid() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        RtpParameters signalled = video(1, 2);
        Producer camera = alice.transport().produce(new RtpParameters(MediaKind.VIDEO, signalled.codecs(),
                List.of(RtpEncoding.unsignalled()), List.of(new RtpHeaderExtension(9, RtpHeaderExtension.MID)),
                "stream", "camera", "cname", "v1"));
        RtpEncoding atBob = bob.transport().consume(camera).rtpParameters().encodings().get(0);
        assertTrue(atBob.ssrc() != 0 && atBob.rtxSsrc() != 0, "the subscriber is told SSRCs before any packet came");

        alice.peer().sendRtp(TestPackets.rtpWithExtension(0x0DD, 96, 1, 9, "v2", new byte[] {6})); // another mid
        List<Integer> received = new ArrayList<>();
        for (int sequence = 10; sequence < 20; sequence++) {
            if (sequence == 15) {
                continue; // lost on alice's link
            }
            alice.peer().sendRtp(sequence < 13
                    ? TestPackets.rtpWithExtension(VIDEO, 96, sequence, 9, "v1", new byte[] {1, (byte) sequence})
                    : TestPackets.rtp(VIDEO, 96, sequence, new byte[] {1, (byte) sequence}));
        }
        drain(bob, packet -> {
            assertEquals((int) atBob.ssrc(), RtpHeader.ssrc(packet, 0));
            received.add(RtpHeader.sequenceNumber(packet, 0));
        });
        assertEquals(List.of(10, 11, 12, 13, 14, 16, 17, 18, 19), received, "every packet that came, once learned");

        // The server asks alice for packet 15; her answer's stream, never announced, is learned as the RTX by its mid.
        List<Integer> repaired = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (repaired.isEmpty() && System.nanoTime() < deadline) {
            byte[] compound = alice.peer().receivedRtcp().poll(200, TimeUnit.MILLISECONDS);
            if (compound != null && nackedSequences(compound).contains(15)) {
                alice.peer().sendRtp(TestPackets.rtpWithExtension(RTX, 97, 1, 9, "v1", new byte[] {0, 15, 1, 15}));
            }
            drain(bob, packet -> {
                if (RtpHeader.ssrc(packet, 0) == (int) atBob.rtxSsrc()) {
                    repaired.add(RtpHeader.originalSequenceNumber(packet, 0, packet.length));
                }
            });
        }
        assertEquals(List.of(15), repaired, "the retransmission stream was learned as RTX");
    }

    /** Takes what a participant received until nothing more comes for 300 ms. */
    private static void drain(Participant participant, java.util.function.Consumer<byte[]> each)
            throws InterruptedException {
        byte[] packet;
        while ((packet = participant.peer().receivedRtp().poll(300, TimeUnit.MILLISECONDS)) != null) {
            each.accept(packet);
        }
    }

    /** The sequence numbers a compound's NACKs ask for, read byte by byte (RFC 4585 §6.2.1). */
    private static List<Integer> nackedSequences(byte[] compound) {
        List<Integer> asked = new ArrayList<>();
        for (int at = 0; at + 4 <= compound.length; at += RtcpHeader.lengthInBytes(compound, at)) {
            if (RtcpHeader.packetType(compound, at) == RtcpHeader.RTPFB && RtcpHeader.count(compound, at) == 1) {
                assertTrue(RtcpHeader.senderSsrc(compound, at) != (int) BOB, "sent in the router's name");
                for (int entry = at + 12; entry < at + RtcpHeader.lengthInBytes(compound, at); entry += 4) {
                    int packetId = ((compound[entry] & 0xFF) << 8) | (compound[entry + 1] & 0xFF);
                    int bitmask = ((compound[entry + 2] & 0xFF) << 8) | (compound[entry + 3] & 0xFF);
                    asked.add(packetId);
                    for (int bit = 0; bit < 16; bit++) {
                        if ((bitmask & (1 << bit)) != 0) {
                            asked.add((packetId + bit + 1) & 0xFFFF);
                        }
                    }
                }
            }
        }
        return asked;
    }

    @Test
    void aSenderReportReachesTheConsumerWithoutItsReportBlocks() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        long atBob = bob.transport().consume(alice.transport().produce(video((int) VIDEO, (int) RTX)))
                .rtpParameters().encodings().get(0).ssrc();
        byte[] senderReport = TestPackets.sr(VIDEO, TestPackets.reportBlock(0x77, 9));

        byte[] compound = awaitRtcp(bob, c -> isSenderReportFrom(c, atBob),
                () -> alice.peer().sendRtcp(TestPackets.concat(senderReport, TestPackets.sdes(VIDEO, "alice"))),
                "alice's sender report reaching bob, under the SSRC bob knows her video by");

        assertEquals(28, compound.length, "one SR, sender info only");
        assertEquals(0, RtcpHeader.count(compound, 0));
        assertArrayEquals(Arrays.copyOfRange(senderReport, 8, 28), Arrays.copyOfRange(compound, 8, 28), "timestamps and counts");
    }

    /** A packet lost on the publisher's link: the server asks for it in its own name, and every subscriber gets the repair. */
    @Test
    void aPacketLostOnThePublishersLinkIsAskedForByTheServerAndRepairedForEveryone() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Producer producer = alice.transport().produce(video((int) VIDEO, (int) RTX));
        RtpEncoding atBob = bob.transport().consume(producer).rtpParameters().encodings().get(0);
        for (int sequence : new int[] {4240, 4241, 4243}) {
            alice.peer().sendRtp(TestPackets.rtp(VIDEO, 96, sequence, new byte[] {1, (byte) sequence}));
        }

        byte[] compound = awaitRtcp(alice, c -> RtcpCompound.isValid(c, 0, c.length) && nackedSequences(c).contains(4242),
                () -> { }, "the server's NACK for packet 4242");
        assertEquals((int) VIDEO, RtcpFeedback.mediaSourceSsrc(compound, 0), "about alice's own SSRC");
        alice.peer().sendRtp(TestPackets.rtp(RTX, 97, 1, new byte[] {(byte) (4242 >> 8), (byte) 4242, 1, (byte) 4242}));

        List<Integer> repaired = new ArrayList<>();
        drain(bob, packet -> {
            if (RtpHeader.ssrc(packet, 0) == (int) atBob.rtxSsrc()) {
                repaired.add(RtpHeader.originalSequenceNumber(packet, 0, packet.length));
            }
        });
        assertEquals(List.of(4242), repaired);
    }

    private static boolean isSenderReportFrom(byte[] compound, long ssrc) {
        return RtcpCompound.isValid(compound, 0, compound.length)
                && RtcpHeader.packetType(compound, 0) == RtcpHeader.SR
                && RtcpHeader.senderSsrc(compound, 0) == (int) ssrc;
    }
}
