package org.parley.media.jvb.transport;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.media.spi.TransportState;

/** Records what a transport delivers; copies packets because the transport reuses its buffers. */
final class RecordingHandler implements TransportHandler {

    final List<TransportState> states = new CopyOnWriteArrayList<>();
    final BlockingQueue<byte[]> rtp = new ArrayBlockingQueue<>(1024);
    final BlockingQueue<byte[]> rtcp = new ArrayBlockingQueue<>(1024);

    @Override
    public void onStateChange(TransportState state) {
        states.add(state);
    }

    @Override
    public void onRtp(byte[] buffer, int offset, int length) {
        rtp.offer(Arrays.copyOfRange(buffer, offset, offset + length));
    }

    @Override
    public void onRtcp(byte[] buffer, int offset, int length) {
        rtcp.offer(Arrays.copyOfRange(buffer, offset, offset + length));
    }

    /** Polls until {@code state} was reported or the deadline passes. */
    boolean awaitState(TransportState state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (states.contains(state)) {
                return true;
            }
            Thread.sleep(20);
        }
        return states.contains(state);
    }
}
