package org.parley.media.jvb;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.parley.media.jvb.routing.FanOutLanes;
import org.parley.media.jvb.routing.JvbRouter;
import org.parley.media.jvb.routing.RoutingCounters;
import org.parley.media.jvb.transport.SecureTransportFactory;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaHealth;
import org.parley.media.spi.MediaStats;

/** The running default backend: routers (rooms) over one factory of secure transports that owns the UDP port. */
public final class JvbBackend implements MediaBackend {

    private final SecureTransportFactory secureTransports;
    private final LongSupplier nanoClock;
    private final Set<JvbRouter> routers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FanOutLanes lanes;
    private final RoutingCounters counters = new RoutingCounters();

    /**
     * @param secureTransports owned from now on: closed with the backend
     * @param nanoClock        a monotonic clock, {@link System#nanoTime} outside tests
     */
    public JvbBackend(SecureTransportFactory secureTransports, LongSupplier nanoClock) {
        this(secureTransports, nanoClock, FanOutLanes.forThisMachine());
    }

    /** @param lanes where large fan-outs run; owned from now on */
    public JvbBackend(SecureTransportFactory secureTransports, LongSupplier nanoClock, FanOutLanes lanes) {
        this.secureTransports = Objects.requireNonNull(secureTransports, "secureTransports");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
    }

    @Override
    public JvbRouter createRouter(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        requireOpen();
        JvbRouter router = new JvbRouter(roomId, secureTransports, nanoClock, rtcpSsrc(), routers::remove, lanes,
                counters);
        routers.add(router);
        if (closed.get()) {
            router.close();
            requireOpen();
        }
        return router;
    }

    @Override
    public int routerCount() {
        return routers.size();
    }

    @Override
    public MediaStats stats() {
        int publishing = 0;
        int forwarding = 0;
        for (JvbRouter router : routers) {
            publishing += router.producerCount();
            forwarding += router.consumerCount();
        }
        MediaStats.Repair repair = new MediaStats.Repair(counters.publisherLosses(), counters.subscriberLosses(),
                counters.retransmissions(), counters.keyFrameRequests());
        return new MediaStats(routers.size(), secureTransports.openCount(), publishing, forwarding,
                secureTransports.srtpContextCount(), secureTransports.traffic(), repair);
    }

    @Override
    public MediaHealth health(Duration stuckAfter) {
        return closed.get() ? MediaHealth.closed("the media backend is closed") : secureTransports.health(stuckAfter);
    }

    /** Closes every router, then the shared socket: the UDP port is free when this returns. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                List.copyOf(routers).forEach(JvbRouter::close);
            } finally {
                secureTransports.close();
                lanes.close();
            }
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The media backend is closed.");
        }
    }

    /** A random non-zero SSRC for the router's own RTCP; it never sends RTP, so collisions do not matter. */
    private static int rtcpSsrc() {
        int ssrc;
        do {
            ssrc = ThreadLocalRandom.current().nextInt();
        } while (ssrc == 0);
        return ssrc;
    }
}
