package org.parley.media.jvb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.rtcp.RtcpCompound;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.Producer;
import org.parley.media.spi.Router;
import org.parley.media.spi.tck.MediaBackendCompatibilityTest;

/**
 * The default backend against the SPI compatibility kit (real ICE, DTLS and SRTP over loopback), plus what this
 * backend promises beyond the kit: RTX, sender reports and NACKs cross the SFU too.
 */
class JvbCompatibilityTest extends MediaBackendCompatibilityTest {

    private static final long VIDEO = 0x5EED0001L;
    private static final long RTX = 0x5EED0002L;
    private static final long BOB = 0x0B0B0001L;

    @Override
    protected MediaBackendProvider provider() {
        return new JvbBackendProvider();
    }

    @Test
    void retransmissionsReachTheConsumerUnchanged() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        bob.transport().consume(alice.transport().produce(video((int) VIDEO, (int) RTX)));
        byte[] retransmission = TestPackets.rtp(RTX, 97, 7, new byte[] {0x03, (byte) 0xE8, 1, 2, 3, 4});

        byte[] received = null;
        for (int attempt = 0; received == null && attempt < 100; attempt++) {
            alice.peer().sendRtp(retransmission);
            received = bob.peer().receivedRtp().poll(200, TimeUnit.MILLISECONDS);
        }

        assertArrayEquals(retransmission, received);
    }

    @Test
    void aSenderReportReachesTheConsumerWithoutItsReportBlocks() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        bob.transport().consume(alice.transport().produce(video((int) VIDEO, (int) RTX)));
        byte[] senderReport = TestPackets.sr(VIDEO, TestPackets.reportBlock(0x77, 9));

        byte[] compound = awaitRtcp(bob, c -> isSenderReportFrom(c, VIDEO),
                () -> alice.peer().sendRtcp(TestPackets.concat(senderReport, TestPackets.sdes(VIDEO, "alice"))),
                "alice's sender report reaching bob");

        assertEquals(28, compound.length, "one SR, sender info only");
        assertEquals(0, RtcpHeader.count(compound, 0));
        assertArrayEquals(Arrays.copyOfRange(senderReport, 4, 28), Arrays.copyOfRange(compound, 4, 28));
    }

    @Test
    void aNackReachesThePublisherUnchanged() throws Exception {
        Router room = backend().createRouter("room-1");
        Participant alice = connected(room, "alice");
        Participant bob = connected(room, "bob");
        Producer producer = alice.transport().produce(video((int) VIDEO, (int) RTX));
        bob.transport().consume(producer);
        byte[] nack = TestPackets.nack(BOB, VIDEO, 4242, 0b1001);

        byte[] compound = awaitRtcp(alice, c -> Arrays.equals(c, nack),
                () -> bob.peer().sendRtcp(TestPackets.concat(TestPackets.rr(BOB), nack)), "bob's NACK reaching alice");

        assertTrue(RtcpCompound.isValid(compound, 0, compound.length));
    }

    private static boolean isSenderReportFrom(byte[] compound, long ssrc) {
        return RtcpCompound.isValid(compound, 0, compound.length)
                && RtcpHeader.packetType(compound, 0) == RtcpHeader.SR
                && RtcpHeader.senderSsrc(compound, 0) == (int) ssrc;
    }
}
