package org.parley.web.signalling;

import java.time.Duration;
import java.util.concurrent.Future;

/** Runs work later: the container's managed scheduler in the application, a hand-driven one in tests. */
public interface Timers {

    /** Runs {@code task} once after {@code delay}; cancel the returned future to drop it. */
    Future<?> schedule(Duration delay, Runnable task);
}
