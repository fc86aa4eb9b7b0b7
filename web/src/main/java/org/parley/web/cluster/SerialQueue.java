package org.parley.web.cluster;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time in submission order on one daemon thread, with a bounded queue: cluster messages must
 * keep their order (an answer before the next offer) and must never block the caller.
 */
final class SerialQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SerialQueue.class.getName());
    private static final int CAPACITY = 10_000;

    private final ThreadPoolExecutor executor;
    private final String name;

    SerialQueue(String name) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(CAPACITY), task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, name + ": a cluster message failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warning(() -> name + ": queue full or closed; a cluster message was dropped");
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
