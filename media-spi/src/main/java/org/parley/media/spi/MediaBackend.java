package org.parley.media.spi;

import java.time.Duration;

/** A running media backend. Closing it closes every router and releases every socket and thread. */
public interface MediaBackend extends AutoCloseable {

    /** Creates the media side of one room. Routers never exchange media with each other. */
    Router createRouter(String roomId);

    /** Routers currently open, for load reporting. */
    int routerCount();

    /** Gauges and counters for metrics; a backend that counts nothing reports its rooms only. */
    default MediaStats stats() {
        return MediaStats.roomsOnly(routerCount());
    }

    /**
     * Whether the backend can take media now (health checks): its ports bound, and every thread reading them alive
     * and none busy with one packet for longer than {@code stuckAfter}. A backend that cannot tell says healthy.
     */
    default MediaHealth health(Duration stuckAfter) {
        return MediaHealth.HEALTHY;
    }

    @Override
    void close();
}
