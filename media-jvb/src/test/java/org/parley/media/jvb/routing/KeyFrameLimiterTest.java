package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyFrameLimiterTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(300);

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ManualDelayer delayer = new ManualDelayer(nanos::get);
    private final AtomicInteger trailingSent = new AtomicInteger();
    private final KeyFrameLimiter limiter = new KeyFrameLimiter(nanos::get, INTERVAL, delayer, trailingSent::incrementAndGet);

    @Test
    void theFirstRequestPassesAndTheNextInsideTheIntervalIsSentWhenItEnds() {
        assertTrue(limiter.tryPass());
        advanceMillis(100);
        assertFalse(limiter.tryPass(), "held back inside the interval");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), delayer.nanosUntilNext(), "due when the interval ends");

        advanceMillis(199);
        assertEquals(0, delayer.runDue());
        advanceMillis(1);
        assertEquals(1, delayer.runDue());
        assertEquals(1, trailingSent.get());
    }

    @Test
    void manyHeldBackRequestsCostOneScheduledSendBetweenThem() {
        assertTrue(limiter.tryPass());
        for (int i = 0; i < 50; i++) {
            advanceMillis(5);
            assertFalse(limiter.tryPass());
        }
        assertEquals(1, delayer.waitingCount());
        advanceMillis(50);
        delayer.runDue();
        assertEquals(1, trailingSent.get());
    }

    @Test
    void theTrailingSendStartsANewInterval() {
        assertTrue(limiter.tryPass());
        advanceMillis(10);
        assertFalse(limiter.tryPass());
        advanceMillis(290);
        delayer.runDue();
        assertEquals(1, trailingSent.get());

        advanceMillis(299);
        assertFalse(limiter.tryPass(), "the trailing send counts as the interval's request");
        advanceMillis(1);
        delayer.runDue();
        assertEquals(2, trailingSent.get(), "and a request held back after it gets its own trailing send");
        advanceMillis(300);
        assertTrue(limiter.tryPass());
    }

    @Test
    void aRequestThatPassedAfterTheHeldBackOneMakesTheTrailingSendUnneeded() {
        assertTrue(limiter.tryPass());
        advanceMillis(10);
        assertFalse(limiter.tryPass());
        advanceMillis(290);
        assertTrue(limiter.tryPass(), "the interval is over: this one passes before the delayed send runs");
        delayer.runDue();
        assertEquals(0, trailingSent.get(), "the request that just passed serves the held-back one");

        advanceMillis(1);
        assertFalse(limiter.tryPass());
        assertEquals(1, delayer.waitingCount(), "the pending flag was cleared, so holding back schedules again");
    }

    @Test
    void requestsSpacedByTheIntervalAllPassWithoutScheduling() {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryPass());
            advanceMillis(300);
        }
        assertEquals(0, delayer.waitingCount());
        assertEquals(0, trailingSent.get());
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
