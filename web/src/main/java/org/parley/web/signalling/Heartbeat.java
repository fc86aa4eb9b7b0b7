package org.parley.web.signalling;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pings every socket each {@code parley.signalling.heartbeat} (default 3 s) and closes those that stay silent for
 * three periods, so a browser that vanished without closing (sleep, lost network, crash) is shown as away within
 * about ten seconds rather than when TCP finally gives up. Closing takes the usual path of a lost socket
 * ({@link SignallingService#disconnected}): away, then gone unless it resumes. A socket that has not tried to join a
 * room within {@code parley.signalling.join-deadline} (default 30 s) is closed (1008): idle sockets cost nothing.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    private static final int MISSES_ALLOWED = 3;

    private final Duration period;
    private final Duration joinDeadline;
    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> beating;

    // Field injection: Jakarta Concurrency 3.0 (EE 10) offers managed executors through @Resource only.
    @Resource
    private ManagedScheduledExecutorService scheduler;

    protected Heartbeat() {
        this.period = null; // for CDI proxies only
        this.joinDeadline = null;
    }

    @Inject
    public Heartbeat(@ConfigProperty(name = "parley.signalling.heartbeat", defaultValue = "PT3S") Duration period,
                     @ConfigProperty(name = "parley.signalling.join-deadline", defaultValue = "PT30S")
                     Duration joinDeadline) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("parley.signalling.heartbeat must be positive, not " + period);
        }
        if (joinDeadline.isNegative() || joinDeadline.isZero()) {
            throw new IllegalArgumentException("parley.signalling.join-deadline must be positive, not " + joinDeadline);
        }
        this.period = period;
        this.joinDeadline = joinDeadline;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long millis = period.toMillis();
        beating = scheduler.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (beating != null) {
            beating.cancel(false);
        }
    }

    void watch(Connection connection) {
        watched.add(connection);
    }

    void unwatch(Connection connection) {
        watched.remove(connection);
    }

    private void beat() {
        Duration limit = period.multipliedBy(MISSES_ALLOWED);
        for (Connection connection : watched) {
            try {
                if (connection.joinOverdue(joinDeadline)) {
                    watched.remove(connection);
                    connection.socket().closeForPolicy("Join a room within " + joinDeadline.toSeconds()
                            + " s of connecting");
                } else if (connection.silentLongerThan(limit)) {
                    watched.remove(connection);
                    LOG.fine("Closing a socket silent for more than " + limit);
                    connection.socket().closeUnresponsive(); // its onClose takes it out of its room
                } else {
                    connection.socket().ping();
                }
            } catch (RuntimeException e) {
                // One broken socket must not stop the heartbeat of the others.
                LOG.log(java.util.logging.Level.WARNING, "Heartbeat failed for a socket", e);
            }
        }
    }
}
