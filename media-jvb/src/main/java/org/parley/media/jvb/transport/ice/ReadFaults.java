package org.parley.media.jvb.transport.ice;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Faults on the threads that read the media ports: a packet whose handling threw, or a reading loop that died of a
 * JVM error (out of memory) and was started again. Counted for metrics, logged without flooding (the first of a
 * spell in full, then one line per {@link #QUIET} with the count), and judged for liveness: a reader that keeps dying
 * is not recovering, and the process should be restarted.
 */
final class ReadFaults {

    static final Duration QUIET = Duration.ofSeconds(10);
    /** More restarts than this within {@link #WINDOW} make the node not live. */
    static final int RESTARTS_TOLERATED = 3;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How long a reader that died waits before reading again, so a JVM short of memory can recover. */
    static final long RESTART_PAUSE_NANOS = Duration.ofMillis(100).toNanos();
    private static final System.Logger LOG = System.getLogger(ReadFaults.class.getName());

    private final String port;
    private final LongAdder packetFaults = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final long[] recentRestarts = new long[RESTARTS_TOLERATED + 1];
    private int nextRestart;
    private long lastLogged;
    private long unlogged;

    ReadFaults(String port) {
        this.port = port;
    }

    /** A packet's handling threw: the reader drops the packet and carries on. */
    synchronized void packetFailed(Object from, Throwable fault) {
        packetFaults.increment();
        long now = System.nanoTime();
        if (lastLogged == 0 || now - lastLogged > QUIET.toNanos()) {
            LOG.log(System.Logger.Level.WARNING, "A packet from " + from + " on " + port + " could not be handled"
                    + (unlogged > 0 ? " (" + unlogged + " more since the last report)" : "") + "; dropped", fault);
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
    }

    /** A reading loop died of {@code fault}; its thread starts it again. */
    synchronized void readerRestarted(String reader, Throwable fault) {
        restarts.increment();
        recentRestarts[nextRestart] = System.nanoTime();
        nextRestart = (nextRestart + 1) % recentRestarts.length;
        LOG.log(System.Logger.Level.ERROR, reader + " on " + port + " failed and starts reading again", fault);
    }

    /** Not live when a reader died more than {@link #RESTARTS_TOLERATED} times within {@link #WINDOW}. */
    synchronized Optional<String> problem() {
        long now = System.nanoTime();
        int within = 0;
        for (long at : recentRestarts) {
            if (at != 0 && now - at < WINDOW.toNanos()) {
                within++;
            }
        }
        return within > RESTARTS_TOLERATED
                ? Optional.of("the readers of " + port + " failed " + within + " times within " + WINDOW.toSeconds()
                        + " s; restart the process")
                : Optional.empty();
    }

    long packetFaults() {
        return packetFaults.sum();
    }

    long restarts() {
        return restarts.sum();
    }
}
