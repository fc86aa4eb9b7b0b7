package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RouterDelayerTest {

    @Test
    void runsTasksLaterOnADaemonThreadOfTheRoomAndDropsThemQuietlyOnceClosed() throws Exception {
        RouterDelayer delayer = new RouterDelayer("room-7");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        long start = System.nanoTime();
        delayer.runAfter(TimeUnit.MILLISECONDS.toNanos(50), () -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before its delay");
        assertTrue(thread.get().isDaemon());
        assertTrue(thread.get().getName().contains("room-7"), thread.get().getName());

        delayer.close();
        delayer.runAfter(0, () -> { }); // a router closing while a request is held back: no exception
    }
}
