package org.parley.bench.peer;

import org.parley.bench.stats.LatencyHistogram;

/** What the subscribers received of the packets sent inside one measured window. Hub thread only until snapshot. */
public final class Window {

    public final long startNanos;
    public final long endNanos;
    public long packets;
    public long bytes;
    public long rejected;
    public final LatencyHistogram delay = new LatencyHistogram();

    public Window(long startNanos, long endNanos) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
    }

    boolean covers(long sendNanos) {
        return sendNanos >= startNanos && sendNanos < endNanos;
    }
}
