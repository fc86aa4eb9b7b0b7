package org.parley.media.jvb.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded queue of packets for one fan-out lane: any number of receiving threads put, the lane's one worker takes
 * (D. Vyukov's bounded queue: a sequence number per slot, a compare-and-set on the tail, no lock). Each slot owns
 * its packet's bytes, so nothing is allocated per packet; a full queue refuses (the caller counts the drop).
 */
final class LaneQueue {

    static final int MEDIA = 0;
    static final int REPAIR = 1;

    /** One queued packet; its fields are written by the putting thread before its sequence publishes them. */
    static final class Slot {
        final byte[] bytes = new byte[SLOT_BYTES];
        int length;
        int kind;
        JvbProducer producer;
        int layer;
        int topActiveLayer;
        long nowNanos;
        volatile long sequence;
    }

    static final int SLOT_BYTES = 1500;
    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Slot.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Slot[] slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    /** The worker's alone. */
    private long head;

    LaneQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
            slots[i].sequence = i;
        }
        mask = capacity - 1;
    }

    /** Any thread: queues a copy of the packet; false when the queue is full or the packet too large. */
    boolean offer(int kind, JvbProducer producer, int layer, int topActiveLayer, byte[] buffer, int offset, int length,
                  long nowNanos) {
        if (length > SLOT_BYTES) {
            return false;
        }
        while (true) {
            long position = tail.get();
            Slot slot = slots[(int) (position & mask)];
            long difference = (long) SEQUENCE.getAcquire(slot) - position;
            if (difference < 0) {
                return false; // full: the worker has not freed this slot yet
            }
            if (difference == 0 && tail.compareAndSet(position, position + 1)) {
                System.arraycopy(buffer, offset, slot.bytes, 0, length);
                slot.length = length;
                slot.kind = kind;
                slot.producer = producer;
                slot.layer = layer;
                slot.topActiveLayer = topActiveLayer;
                slot.nowNanos = nowNanos;
                SEQUENCE.setRelease(slot, position + 1);
                return true;
            }
        }
    }

    /** The worker: the next packet, or null when none is ready; {@link #release} it once handled. */
    Slot peek() {
        Slot slot = slots[(int) (head & mask)];
        return (long) SEQUENCE.getAcquire(slot) == head + 1 ? slot : null;
    }

    /** The worker: the slot {@link #peek} gave may be reused. */
    void release(Slot slot) {
        slot.producer = null;
        SEQUENCE.setRelease(slot, head + mask + 1);
        head++;
    }

    /** Whether anything is queued (for the worker's decision to sleep). */
    boolean isEmpty() {
        return peek() == null;
    }
}
