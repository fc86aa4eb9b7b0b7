package org.parley.media.jvb.transport;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.spi.TransportState;

/**
 * A transport's state: changed under the transport's lock, reported outside it. Transitions are queued under the
 * lock and delivered by one thread at a time, so the handler hears each exactly once, in order, and may call back
 * into the transport (or take its own locks) without deadlocking against a concurrent transition.
 */
final class TransportStates {

    private static final System.Logger LOG = System.getLogger(TransportStates.class.getName());

    private final String transportId;
    private final Object lock;
    private final TransportHandler handler;
    private final Queue<TransportState> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile TransportState state = TransportState.NEW;

    TransportStates(String transportId, Object lock, TransportHandler handler) {
        this.transportId = transportId;
        this.lock = lock;
        this.handler = handler;
    }

    TransportState get() {
        return state;
    }

    /** Under the lock: records the new state and queues its report. */
    void enter(TransportState to) {
        state = to;
        pending.add(to);
    }

    /** Changes state when the current one is in {@code from}, and reports it. */
    boolean moveTo(Set<TransportState> from, TransportState to) {
        synchronized (lock) {
            if (!from.contains(state)) {
                return false;
            }
            enter(to);
        }
        deliver();
        return true;
    }

    /** Outside the lock: reports what was entered, unless another thread is reporting already. */
    void deliver() {
        while (!pending.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                TransportState next;
                while ((next = pending.poll()) != null) {
                    try {
                        handler.onStateChange(next);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Transport " + transportId + ": state handler failed", e);
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}
