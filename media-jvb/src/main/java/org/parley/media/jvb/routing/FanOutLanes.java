package org.parley.media.jvb.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.parley.media.jvb.transport.MediaThread;

/**
 * Spreads a large fan-out over the cores. Every consumer belongs to a lane for its whole life: lane 0 is the thread
 * the publisher's packet arrived on, lanes 1..n are worker threads, each fed by its own {@link LaneQueue}. A producer
 * with {@value #PARALLEL_FROM} consumers or more puts each packet on every worker's queue and serves lane 0 itself;
 * each worker serves its own lane's consumers. A consumer is always served by one thread, in the order the packets
 * came, so its numbering (which that thread alone writes) stays consistent and its packets in order.
 *
 * <p>One instance serves every room of a backend; the queues take no lock.
 */
public final class FanOutLanes implements AutoCloseable {

    /** Below this many consumers, fanning out on the receiving thread costs less than handing packets over. */
    static final int PARALLEL_FROM = 24;
    private static final int QUEUE_CAPACITY = 4096;
    private static final int SPINS_BEFORE_SLEEP = 200;

    /** No workers: every fan-out runs on the receiving thread. */
    public static final FanOutLanes INLINE = new FanOutLanes(0);

    private final Worker[] workers;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    private final class Worker implements Runnable {
        final int lane;
        final LaneQueue queue = new LaneQueue(QUEUE_CAPACITY);
        volatile boolean sleeping;
        volatile boolean stopped;
        Thread thread;

        Worker(int lane) {
            this.lane = lane;
        }

        @Override
        public void run() {
            int idle = 0;
            while (!stopped) {
                LaneQueue.Slot slot = queue.peek();
                if (slot != null) {
                    idle = 0;
                    try {
                        slot.producer.sendOnLane(lane, slot.kind, slot.layer, slot.topActiveLayer, slot.bytes, 0,
                                slot.length, slot.nowNanos);
                    } catch (RuntimeException e) {
                        dropped.increment(); // a consumer's bug must not stop the lane
                    } finally {
                        queue.release(slot);
                    }
                } else if (++idle < SPINS_BEFORE_SLEEP) {
                    Thread.onSpinWait();
                } else {
                    sleeping = true;
                    if (queue.isEmpty() && !stopped) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    idle = 0;
                }
            }
        }

        void wake() {
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** @param workers threads besides the receiving ones; 0 keeps every fan-out on the receiving thread */
    public FanOutLanes(int workers) {
        this.workers = new Worker[workers];
        for (int i = 0; i < workers; i++) {
            Worker worker = new Worker(i + 1);
            Thread thread = new MediaThread(worker, "parley-fan-out-" + (i + 1));
            worker.thread = thread;
            this.workers[i] = worker;
            thread.start();
        }
    }

    /** One worker per core beyond the first. */
    public static FanOutLanes forThisMachine() {
        return new FanOutLanes(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
    }

    boolean hasWorkers() {
        return workers.length > 0;
    }

    /** The lane of a new consumer (round robin over the receiving thread and the workers). */
    int assignLane() {
        return Math.floorMod(nextLane.getAndIncrement(), workers.length + 1);
    }

    /** The receiving thread: queues the packet for every worker's lane (lane 0 is the caller's to serve). */
    void dispatch(int kind, JvbProducer producer, int layer, int topActiveLayer, byte[] buffer, int offset, int length,
                  long nowNanos) {
        for (Worker worker : workers) {
            if (worker.queue.offer(kind, producer, layer, topActiveLayer, buffer, offset, length, nowNanos)) {
                worker.wake();
            } else {
                dropped.increment();
            }
        }
    }

    /** Whether every worker's queue is empty (its last packet handled): for tests. */
    boolean drained() {
        for (Worker worker : workers) {
            if (!worker.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The workers' thread ids (for tests that measure them). */
    long[] workerThreadIds() {
        long[] ids = new long[workers.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = workers[i].thread.getId();
        }
        return ids;
    }

    /** Packets a worker's lane lost: its queue was full (the worker could not keep up) or a send failed. */
    public long droppedCount() {
        return dropped.sum();
    }

    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.stopped = true;
            LockSupport.unpark(worker.thread);
        }
    }
}
