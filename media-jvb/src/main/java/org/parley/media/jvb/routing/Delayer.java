package org.parley.media.jvb.routing;

/**
 * Runs a task once, later. Routers use it for work that must wait, such as a key frame request held back by its
 * rate limit; tests pass one they drive by hand.
 */
@FunctionalInterface
public interface Delayer {

    /** Runs {@code task} once, {@code delayNanos} from now. Must not block; may drop the task once closing. */
    void runAfter(long delayNanos, Runnable task);
}
