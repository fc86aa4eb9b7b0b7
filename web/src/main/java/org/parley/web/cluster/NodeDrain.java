package org.parley.web.cluster;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.web.room.RoomService;
import org.parley.web.signalling.SignallingService;

/**
 * Taking this node out of service without ending anyone's call. Draining stops placing rooms here, moves the media of
 * this node's rooms to other media nodes (everyone in them is told {@code MEDIA_NODE_LOST} and starts a new peer
 * connection, as after a media node's death but at once), and closes this node's sockets with 1012 so each page
 * reconnects to another node and resumes as the same participant. It is drained when everyone asked to move has
 * resumed elsewhere (or left) and no room with anyone present is placed here, or at the deadline.
 * <p>
 * It starts on an operator's request ({@code POST /api/node/drain}) or when the application stops (SIGTERM, an
 * undeploy), before anything else is shut down; there only when another media node of the cluster is alive to take
 * over, since otherwise nobody could resume anywhere.
 */
@ApplicationScoped
public class NodeDrain {

    public enum State { SERVING, DRAINING, DRAINED }

    /** Where a drain stands: who still has to move, which rooms with people in them are still here. */
    public record Status(State state, Instant startedAt, Instant deadline, int participantsMoving, int roomsHere) {}

    private static final Logger LOG = Logger.getLogger(NodeDrain.class.getName());
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);

    private final ClusterNode cluster;
    private final SignallingService signalling;
    private final RoomService rooms;
    private final Duration defaultDeadline;
    private volatile State state = State.SERVING;
    private volatile Instant startedAt;
    private volatile Instant deadline;
    private volatile int moving;
    private volatile int roomsHere;
    /** Started because the application stops: see {@link #report}. */
    private volatile boolean forShutdown;

    protected NodeDrain() {
        this.cluster = null; // for CDI proxies only
        this.signalling = null;
        this.rooms = null;
        this.defaultDeadline = null;
    }

    @Inject
    public NodeDrain(ClusterNode cluster, SignallingService signalling, RoomService rooms,
                     @ConfigProperty(name = "parley.drain.deadline", defaultValue = "PT25S") Duration defaultDeadline) {
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("parley.drain.deadline must be positive, not " + defaultDeadline);
        }
        this.cluster = cluster;
        this.signalling = signalling;
        this.rooms = rooms;
        this.defaultDeadline = defaultDeadline;
    }

    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    /** Starts draining, unless it has started already (the first deadline stands). */
    public synchronized Status start(Duration within) {
        if (state == State.SERVING) {
            startedAt = Instant.now();
            deadline = startedAt.plus(within);
            state = State.DRAINING;
            cluster.leaveForDrain();
            moving = signalling.moveEveryoneElsewhere(cluster::noteMediaLeaving);
            report(Level.INFO, "Draining: " + moving + " participants asked to reconnect elsewhere, rooms move to "
                    + "other media nodes; deadline " + deadline);
        }
        return status();
    }

    /** Waits until this node is drained or the deadline passes. */
    public Status awaitDrained() throws InterruptedException {
        while (state == State.DRAINING) {
            if (drained()) {
                state = State.DRAINED;
                report(Level.INFO, "Drained in " + Duration.between(startedAt, Instant.now()).toMillis() + " ms");
            } else if (Instant.now().isAfter(deadline)) {
                state = State.DRAINED;
                report(Level.WARNING, "Drain deadline reached with " + moving + " participants not yet resumed "
                        + "elsewhere and " + roomsHere + " rooms with people still here");
            } else {
                Thread.sleep(LOOK_EVERY.toMillis());
            }
        }
        return status();
    }

    /**
     * Logged, and on standard error too while the JVM shuts down: its own shutdown hook closes java.util.logging's
     * handlers while the drain still runs, and what the drain did is what an operator wants to read afterwards.
     */
    private void report(Level level, String line) {
        LOG.log(level, line);
        if (forShutdown) {
            System.err.println("[parley] " + line);
        }
    }

    public Status status() {
        return new Status(state, startedAt, deadline, moving, roomsHere);
    }

    private boolean drained() {
        try {
            moving = signalling.stillMoving();
            roomsHere = (int) cluster.roomsPlacedHere().stream().filter(rooms::anyonePresent).count();
            return moving == 0 && roomsHere == 0 && signalling.connectedCount() == 0;
        } catch (RuntimeException redisAway) {
            LOG.log(Level.FINE, "Looking at the drain failed; looking again", redisAway);
            return false;
        }
    }

    /** The application is stopping: drain first, while sockets, media and Redis all still work. */
    void drainBeforeShutdown(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE)
                             @BeforeDestroyed(ApplicationScoped.class) Object ignored) throws InterruptedException {
        if (state == State.SERVING && !cluster.othersCanTakeOver()) {
            return;
        }
        forShutdown = true;
        start(defaultDeadline);
        awaitDrained();
    }
}
