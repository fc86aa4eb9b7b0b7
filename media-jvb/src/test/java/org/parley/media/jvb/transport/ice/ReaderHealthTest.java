package org.parley.media.jvb.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.transport.ice.BindAddresses.BindAddress;
import org.parley.media.spi.tck.peer.StunBinding;

/**
 * Liveness of the media port's reading threads: one stuck on a datagram, or a closed port, is reported; a packet that
 * breaks its handler costs only itself; a reader that dies of JVM errors reads again, and is reported when it keeps
 * dying.
 */
class ReaderHealthTest {

    private static final Duration STUCK_AFTER = Duration.ofMillis(200);

    @Test
    void aReaderStuckOnOneDatagramIsReportedUntilItMovesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        StunSession blocking = new StunSession() {
            @Override
            public void onBindingRequest(IceLink link, InetSocketAddress from, byte[] buffer, int offset, int length,
                                         StunScratch scratch) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onPacket(byte[] buffer, int offset, int length) {}
        };
        try (UdpMediaPort port = UdpMediaPort.open(List.of(new BindAddress(InetAddress.getLoopbackAddress(), true)), 0, 1,
                "health-test");
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertEquals(Optional.empty(), port.readerProblem(STUCK_AFTER), "idle readers are healthy");
            port.register("stuck", blocking);
            byte[] check = StunBinding.request("stuck:brws", "password");
            client.send(new DatagramPacket(check, check.length, InetAddress.getLoopbackAddress(), port.port()));
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            Optional<String> problem = awaitProblem(port);
            assertTrue(problem.isPresent(), "a reader busy with one datagram longer than " + STUCK_AFTER);
            assertTrue(problem.get().contains("has been handling one datagram for"), problem.get());

            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (port.readerProblem(STUCK_AFTER).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Optional.empty(), port.readerProblem(STUCK_AFTER), "healthy again once it moves on");
            port.close();
            assertTrue(port.readerProblem(STUCK_AFTER).orElseThrow().contains("is closed"));
        }
    }

    @Test
    void aPacketThatBreaksItsHandlerIsDroppedCountedAndTheReaderGoesOn() throws Exception {
        try (UdpMediaPort port = UdpMediaPort.open(List.of(new BindAddress(InetAddress.getLoopbackAddress(), true)), 0, 1,
                "fault-test");
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int[] calls = {0};
            port.register("broken", session(() -> {
                if (++calls[0] % 2 == 0) {
                    throw new IllegalStateException("a bug");
                }
                throw new NoClassDefFoundError("a missing class");
            }));
            CountDownLatch answered = new CountDownLatch(1);
            port.register("sound", session(answered::countDown));
            for (int i = 0; i < 20; i++) {
                send(client, port, "broken:brws");
            }
            send(client, port, "sound:brws");

            assertTrue(answered.await(10, TimeUnit.SECONDS), "the reader handled the next packet");
            assertEquals(20, port.readFaults(), "each broken packet counted");
            assertEquals(Optional.empty(), port.readerProblem(STUCK_AFTER), "still live");
        }
    }

    @Test
    void aReaderThatKeepsDyingOfJvmErrorsReadsAgainButIsReportedNotLive() throws Exception {
        try (UdpMediaPort port = UdpMediaPort.open(List.of(new BindAddress(InetAddress.getLoopbackAddress(), true)), 0, 1,
                "oom-test");
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port.register("starved", session(() -> {
                throw new OutOfMemoryError("test: no room for a buffer");
            }));
            CountDownLatch answered = new CountDownLatch(1);
            port.register("sound", session(answered::countDown));

            send(client, port, "starved:brws");
            awaitFaults(port, 1);
            assertEquals(Optional.empty(), port.readerProblem(STUCK_AFTER), "one restart is recovery, not a problem");
            for (int i = 1; i <= ReadFaults.RESTARTS_TOLERATED; i++) {
                send(client, port, "starved:brws");
                awaitFaults(port, i + 1);
            }
            Optional<String> problem = port.readerProblem(STUCK_AFTER);
            assertTrue(problem.orElse("").contains("failed " + (ReadFaults.RESTARTS_TOLERATED + 1) + " times"),
                    "a reader that keeps dying is not live: " + problem);

            send(client, port, "sound:brws");
            assertTrue(answered.await(10, TimeUnit.SECONDS), "it still reads");
        }
    }

    private static StunSession session(Runnable onCheck) {
        return new StunSession() {
            @Override
            public void onBindingRequest(IceLink link, InetSocketAddress from, byte[] buffer, int offset, int length,
                                         StunScratch scratch) {
                onCheck.run();
            }

            @Override
            public void onPacket(byte[] buffer, int offset, int length) {}
        };
    }

    private static void send(DatagramSocket client, UdpMediaPort port, String username) throws Exception {
        byte[] check = StunBinding.request(username, "password");
        client.send(new DatagramPacket(check, check.length, InetAddress.getLoopbackAddress(), port.port()));
    }

    private static void awaitFaults(UdpMediaPort port, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (port.readFaults() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, port.readFaults());
    }

    private static Optional<String> awaitProblem(UdpMediaPort port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<String> problem = port.readerProblem(STUCK_AFTER);
        while (problem.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            problem = port.readerProblem(STUCK_AFTER);
        }
        return problem;
    }
}
