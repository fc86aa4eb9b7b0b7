package org.parley.media.jvb.transport.ice;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * Recycles the buffers ice4j's push API fills for every datagram (its default allocates a new array per packet).
 * ice4j's hook is process-wide, so this is installed once; packets larger than one MTU are allocated as before.
 * Whoever consumes a buffer must hand it back through {@code BufferPool.returnBuffer} exactly once.
 */
public final class ReceiveBufferPool {

    /** One Ethernet MTU: what the single-port listener can receive at most. */
    static final int BUFFER_SIZE = 1500;
    private static final int CAPACITY = 2048;
    private static final ArrayBlockingQueue<Buffer> FREE = new ArrayBlockingQueue<>(CAPACITY);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ReceiveBufferPool() {}

    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        BufferPool.getBuffer = size -> {
            if (size > BUFFER_SIZE) {
                return new Buffer(new byte[size], 0, size);
            }
            Buffer buffer = FREE.poll();
            if (buffer == null) {
                buffer = new Buffer(new byte[BUFFER_SIZE], 0, size);
            }
            buffer.setOffset(0);
            buffer.setLength(size);
            return buffer;
        };
        BufferPool.returnBuffer = buffer -> {
            if (buffer.getBuffer().length == BUFFER_SIZE) {
                buffer.setRemoteAddress(null);
                buffer.setLocalAddress(null);
                buffer.setReceivedTime(null);
                FREE.offer(buffer);
            }
            return kotlin.Unit.INSTANCE;
        };
    }
}
