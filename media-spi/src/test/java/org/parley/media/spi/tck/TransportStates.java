package org.parley.media.spi.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.parley.media.spi.TransportListener;
import org.parley.media.spi.TransportState;
import org.parley.media.spi.WebRtcTransport;

/** Records the states a backend reports for one transport, and lets a test wait for one. */
public final class TransportStates implements TransportListener {

    private final List<TransportState> seen = new ArrayList<>();

    @Override
    public synchronized void onStateChange(WebRtcTransport transport, TransportState state) {
        seen.add(state);
        notifyAll();
    }

    public synchronized List<TransportState> seen() {
        return List.copyOf(seen);
    }

    /** Waits until {@code state} was reported; false if it was not within {@code timeout}. */
    public synchronized boolean await(TransportState state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.contains(state)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
