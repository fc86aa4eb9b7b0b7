package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.jvb.routing.RoutingFixture.video;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.routing.RoutingFixture.Participant;

/**
 * A large fan-out runs on several threads: every subscriber still gets every packet, in order, with its own
 * continuous numbering; a small one stays on the receiving thread.
 */
class FanOutTest {

    private static final int PACKETS = 300;
    private final RoutingFixture fixture = new RoutingFixture();
    private final FanOutLanes lanes = new FanOutLanes(2);

    @AfterEach
    void stop() {
        lanes.close();
    }

    private List<Participant> subscribersOf(JvbRouter room, JvbProducer producer, int count) {
        List<Participant> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Participant subscriber = fixture.join(room, "s" + i).connected();
            subscriber.transport().consume(producer);
            subscribers.add(subscriber);
        }
        return subscribers;
    }

    private static void awaitAll(List<Participant> subscribers) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (subscribers.stream().anyMatch(s -> s.wire().sentRtp.size() < PACKETS) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** A camera with {@code count} subscribers in a room over the lanes; sends it {@value #PACKETS} packets. */
    private List<Participant> cameraSentTo(int count) throws InterruptedException {
        JvbRouter room = fixture.router("room", lanes);
        Participant host = fixture.join(room, "host").connected();
        JvbProducer camera = host.transport().produce(video(0xA1, 0xA2));
        List<Participant> subscribers = subscribersOf(room, camera, count);
        for (int sequence = 1; sequence <= PACKETS; sequence++) {
            byte[] packet = TestPackets.rtp(0xA1, 96, sequence, new byte[600]);
            host.wire().handler.onRtp(packet, 0, packet.length);
        }
        awaitAll(subscribers);
        return subscribers;
    }

    @Test
    void aLargeFanOutUsesTheWorkersAndKeepsEverySubscribersPacketsInOrder() throws InterruptedException {
        List<Participant> subscribers = cameraSentTo(40);

        Set<String> threads = new HashSet<>();
        for (Participant subscriber : subscribers) {
            List<byte[]> sent = subscriber.wire().sentRtp;
            assertEquals(PACKETS, sent.size(), "every packet reached " + subscriber.transport().participantId());
            int first = RtpHeader.sequenceNumber(sent.get(0), 0);
            for (int i = 1; i < PACKETS; i++) {
                assertEquals((first + i) & 0xFFFF, RtpHeader.sequenceNumber(sent.get(i), 0), "in order, continuous");
            }
            assertEquals(1, subscriber.wire().sendingThreads.size(), "one thread per subscriber");
            threads.addAll(subscriber.wire().sendingThreads);
        }
        assertEquals(3, threads.size(), "the receiving thread and both workers: " + threads);
        assertEquals(0, lanes.droppedCount());
    }

    @Test
    void aSmallFanOutStaysOnTheReceivingThread() throws InterruptedException {
        List<Participant> subscribers = cameraSentTo(5);

        for (Participant subscriber : subscribers) {
            assertEquals(PACKETS, subscriber.wire().sentRtp.size());
            assertEquals(Set.of(Thread.currentThread().getName()), subscriber.wire().sendingThreads);
        }
    }
}
