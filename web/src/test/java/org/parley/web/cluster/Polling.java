package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline instead of sleeping a fixed time. */
public final class Polling {

    private Polling() {}

    public static void until(Duration patience, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Waited " + patience + " for " + what);
            }
            Thread.sleep(50);
        }
    }
}
