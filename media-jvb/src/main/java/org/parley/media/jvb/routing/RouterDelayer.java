package org.parley.media.jvb.routing;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.parley.media.jvb.transport.MediaThread;

/**
 * A router's own {@link Delayer}: one daemon thread that exists only while something is waiting (it ends after a
 * second of idleness), so an idle room costs no thread. Closed with its router; tasks still waiting are dropped.
 */
final class RouterDelayer implements Delayer, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    RouterDelayer(String roomId) {
        executor = new ScheduledThreadPoolExecutor(1, task -> new MediaThread(task, "parley-router-" + roomId));
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void runAfter(long delayNanos, Runnable task) {
        try {
            executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // The router is closing: nothing it would still send matters.
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
