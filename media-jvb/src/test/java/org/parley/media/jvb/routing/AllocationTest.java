package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.TestPackets.concat;
import static org.parley.media.jvb.TestPackets.pli;
import static org.parley.media.jvb.TestPackets.reportBlock;
import static org.parley.media.jvb.TestPackets.rr;
import static org.parley.media.jvb.TestPackets.sdes;
import static org.parley.media.jvb.TestPackets.sr;
import static org.parley.media.jvb.routing.RoutingFixture.audio;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.routing.RoutingFixture.Participant;

/**
 * The packet path allocates nothing per packet, measured with the JVM's per-thread allocation counter. The bound
 * (8 KiB for 100,000 RTP and 2,000 RTCP datagrams) is below one allocation per RTCP datagram.
 */
class AllocationTest {

    private static final int PACKETS = 100_000;

    @Test
    void forwardingRtpAndRoutingRtcpAllocateNothingPerPacket() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RoutingFixture fixture = new RoutingFixture();
        JvbRouter room = fixture.router("room");
        Participant alice = fixture.join(room, "alice").connected();
        JvbProducer video = alice.transport().produce(video(0xA1, 0xA2));
        JvbProducer voice = alice.transport().produce(audio(0xA3));
        List<Participant> receivers = List.of(fixture.join(room, "b").connected(), fixture.join(room, "c").connected(),
                fixture.join(room, "d").connected());
        long[] bobsSsrcs = new long[2];
        for (Participant receiver : receivers) {
            bobsSsrcs[0] = receiver.transport().consume(video).rtpParameters().encodings().get(0).ssrc();
            bobsSsrcs[1] = receiver.transport().consume(voice).rtpParameters().encodings().get(0).ssrc();
            receiver.wire().keepCopies = false;
        }
        alice.wire().keepCopies = false;
        byte[] rtpBuffer = TestPackets.rtp(0xA1, 96, 1, new byte[1000]);
        byte[] senderReport = concat(sr(0xA1), sdes(0xA1, "alice"));
        Participant bob = receivers.get(receivers.size() - 1); // the SSRCs kept are the last receiver's
        byte[] receiverFeedback = concat(rr(0xB1, reportBlock(bobsSsrcs[0], 1), reportBlock(bobsSsrcs[1], 2)),
                pli(0xB1, bobsSsrcs[0]));

        Runnable traffic = () -> {
            for (int i = 0; i < PACKETS; i++) {
                fixture.advanceMillis(1); // 1,000 packets a second: within a publisher's budget
                alice.wire().handler.onRtp(rtpBuffer, 0, rtpBuffer.length);
                if (i % 100 == 0) {
                    alice.wire().handler.onRtcp(senderReport, 0, senderReport.length);
                    bob.wire().handler.onRtcp(receiverFeedback, 0, receiverFeedback.length);
                }
            }
        };
        traffic.run(); // warm up: thread-local buffers, class loading, JIT
        long before = threads.getCurrentThreadAllocatedBytes();
        traffic.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(2L * PACKETS + 2L * PACKETS / 100, bob.wire().rtpSends + bob.wire().rtcpSends,
                "every RTP packet and every sender report reached bob, twice");
        assertTrue(alice.wire().rtcpSends >= 1, "the key frame request reached alice");
        assertTrue(allocated < 8 * 1024, allocated + " bytes allocated for " + PACKETS + " packets");
    }

    @Test
    void aFanOutOverWorkerThreadsAllocatesNothingPerPacketOnAnyOfThem() throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RoutingFixture fixture = new RoutingFixture();
        try (FanOutLanes lanes = new FanOutLanes(1)) {
            JvbRouter room = fixture.router("big", lanes);
            Participant alice = fixture.join(room, "alice").connected();
            JvbProducer video = alice.transport().produce(video(0xA1, 0xA2));
            alice.wire().keepCopies = false;
            for (int i = 0; i < 2 * FanOutLanes.PARALLEL_FROM; i++) {
                Participant receiver = fixture.join(room, "r" + i).connected();
                receiver.transport().consume(video);
                receiver.wire().keepCopies = false;
            }
            byte[] rtpBuffer = TestPackets.rtp(0xA1, 96, 1, new byte[1000]);
            long worker = lanes.workerThreadIds()[0];
            Runnable traffic = () -> {
                for (int i = 0; i < PACKETS / 10; i++) {
                    alice.wire().handler.onRtp(rtpBuffer, 0, rtpBuffer.length);
                    while (i % 100 == 99 && !lanes.drained()) {
                        Thread.onSpinWait(); // never more than the queue holds: nothing is dropped
                    }
                }
            };
            traffic.run(); // warm up
            awaitDrained(lanes);
            long before = threads.getCurrentThreadAllocatedBytes() + threads.getThreadAllocatedBytes(worker);
            traffic.run();
            awaitDrained(lanes);
            long allocated = threads.getCurrentThreadAllocatedBytes() + threads.getThreadAllocatedBytes(worker) - before;

            assertEquals(0, lanes.droppedCount());
            assertTrue(allocated < 8 * 1024, allocated + " bytes allocated for " + PACKETS / 10 + " packets to "
                    + 2 * FanOutLanes.PARALLEL_FROM + " subscribers over two threads");
        }
    }

    private static void awaitDrained(FanOutLanes lanes) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!lanes.drained() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
