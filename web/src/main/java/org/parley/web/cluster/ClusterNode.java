package org.parley.web.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.web.media.LocalMediaNode;
import org.parley.web.media.MediaBackendService;
import org.parley.web.media.MediaNode;
import org.parley.web.room.PresenceIndex;
import org.parley.web.signalling.LocalRoomChannel;
import org.parley.web.signalling.RoomChannel;
import org.parley.web.signalling.SignallingService;
import org.redisson.api.RedissonClient;

/**
 * This process's place in the cluster, from {@code parley.roles} (PARLEY_ROLES: signalling,media by default) and
 * {@code parley.node-id}; processes share rooms when they share a Redis and {@code parley.cluster.name}
 * (PARLEY_CLUSTER_NAME; unset: the node is a cluster of its own, so unrelated deployments on one Redis never mix). A
 * media node starts the media backend, registers with a heartbeat and serves requests from
 * its topic; a signalling node gives signalling a {@link RedisMediaNode} and moves rooms off dead media nodes, and a
 * {@link RedisRoomChannel} when a cluster name is set.
 */
@ApplicationScoped
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
    private static final Duration OWNER_CHECK = Duration.ofSeconds(1);
    /** Longer than any sensible reconnect grace (default 30 s): see {@link RoomPlacement}. */
    private static final Duration PLACEMENT_TTL = Duration.ofMinutes(2);

    private NodeSettings settings;
    private RedissonClient redis;
    private Instance<LocalMediaNode> localMedia;
    private Instance<MediaBackendService> backend;
    private NodeRegistry registry;
    private RoomPlacement placement;
    private RedisMediaNode mediaNode;
    private MediaNodeWorker worker;
    private ScheduledExecutorService timer;
    private Duration reconnectGrace;
    /** Whether a cluster name was set: only then may a room's members be on other processes. */
    private boolean shared;
    private RoomChannel roomChannel;
    private RedisPresenceIndex presence;
    private Instance<SignallingService> signalling;
    /** Draining: this media node no longer renews its registration, so nothing is placed here. */
    private volatile boolean leaving;

    protected ClusterNode() {
        // for CDI proxies
    }

    @Inject
    public ClusterNode(RedissonClient redis, Instance<LocalMediaNode> localMedia, Instance<MediaBackendService> backend,
            Instance<SignallingService> signalling,
            @ConfigProperty(name = "parley.roles", defaultValue = "signalling,media") String roles,
            @ConfigProperty(name = "parley.node-id") Optional<String> nodeId,
            @ConfigProperty(name = "parley.cluster.name") Optional<String> cluster,
            @ConfigProperty(name = "parley.cluster.node-ttl", defaultValue = "PT5S") Duration ttl,
            @ConfigProperty(name = "parley.reconnect-grace", defaultValue = "PT30S") Duration reconnectGrace) {
        this.settings = NodeSettings.parse(roles, nodeId.orElse(null), cluster.orElse(null), ttl);
        this.shared = cluster.filter(name -> !name.isBlank()).isPresent();
        this.redis = redis;
        this.localMedia = localMedia;
        this.backend = backend;
        this.signalling = signalling;
        this.reconnectGrace = reconnectGrace;
    }

    /** Joins the cluster at deployment, so a media node is placeable before anyone joins. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ensureStarted();
    }

    private synchronized void ensureStarted() {
        if (mediaNode != null) {
            return;
        }
        EnvelopeCodec codec = new EnvelopeCodec();
        registry = new NodeRegistry(redis, settings.cluster(), settings.ttl());
        placement = new RoomPlacement(redis, registry, PLACEMENT_TTL);
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-cluster-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        Optional<MediaNode> local = Optional.empty();
        Predicate<String> hostsRoom = room -> false;
        if (settings.media()) {
            backend.get().backend(); // binds the media port now, not at the first join
            LocalMediaNode media = localMedia.get();
            local = Optional.of(media);
            hostsRoom = media::hostsRoom;
            worker = new MediaNodeWorker(settings.nodeId(), media, hostsRoom, registry, placement, redis, codec);
            registry.heartbeat(settings.nodeId(), 0);
            every(settings.heartbeatInterval(), () -> {
                if (leaving) {
                    return;
                }
                Set<String> rooms = media.roomIds();
                registry.heartbeat(settings.nodeId(), rooms.size());
                placement.renew(rooms);
            });
            Duration orphanGrace = reconnectGrace.plus(settings.ttl());
            every(OWNER_CHECK, () -> worker.reapOrphans(orphanGrace));
        } else {
            registry.beat(settings.nodeId());
            every(settings.heartbeatInterval(), () -> registry.beat(settings.nodeId()));
        }
        roomChannel = shared ? new RedisRoomChannel(redis, settings.cluster(), settings.nodeId()) : new LocalRoomChannel();
        presence = new RedisPresenceIndex(redis, settings.nodeId(), settings.ttl());
        if (settings.signalling()) {
            presence.beat();
            every(settings.heartbeatInterval(), presence::beat);
            // Signalling is looked up when the first check runs: it needs this bean's products to be made.
            PresenceReaper reaper = new PresenceReaper(presence, () -> signalling.get());
            every(OWNER_CHECK, reaper::reap);
        }
        mediaNode = new RedisMediaNode(settings.nodeId(), local, hostsRoom, registry, placement, redis, codec);
        if (settings.signalling()) {
            every(OWNER_CHECK, mediaNode::checkOwners);
        }
        LOG.info(() -> "Cluster node " + settings.nodeId() + " playing " + (settings.signalling() ? "signalling " : "")
                + (settings.media() ? "media" : ""));
    }

    /** Runs {@code task} at a fixed delay; a failure (Redis unreachable) is logged once per spell, not every beat. */
    private void every(Duration interval, Runnable task) {
        boolean[] failing = {false}; // touched by the one timer thread only
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
                if (failing[0]) {
                    failing[0] = false;
                    LOG.info("Cluster upkeep works again");
                }
            } catch (RuntimeException e) {
                LOG.log(failing[0] ? Level.FINE : Level.WARNING, "Cluster upkeep failed; retrying every " + interval, e);
                failing[0] = true;
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What signalling talks to; the room's media may be here or on another node. */
    @Produces
    @ApplicationScoped
    MediaNode mediaNode() {
        ensureStarted(); // in case signalling is used before the start-up event reached this bean
        return mediaNode;
    }

    /** Who holds which occupant, so another node can take over this one's if it dies without a word. */
    @Produces
    @ApplicationScoped
    PresenceIndex presenceIndex() {
        ensureStarted();
        return presence;
    }

    /** How room events reach members: over Redis when processes share rooms, else in memory (fast, no topic). */
    @Produces
    @ApplicationScoped
    RoomChannel roomChannel() {
        ensureStarted();
        return roomChannel;
    }

    public NodeSettings settings() {
        return settings;
    }

    /**
     * Draining: a media node leaves the registry for good (its heartbeat stops renewing it), so no room is placed
     * here any more and signalling nodes move this node's rooms elsewhere, as after its death but at once.
     */
    void leaveForDrain() {
        ensureStarted();
        leaving = true;
        if (settings.media()) {
            registry.deregister(settings.nodeId());
        }
    }

    /** Draining: the participant is about to reconnect elsewhere; if their media is here, they must start it over. */
    void noteMediaLeaving(String roomId, String participantId) {
        mediaNode.noteMediaLeaving(roomId, participantId, PLACEMENT_TTL);
    }

    /** Rooms whose media is here and still placed on this node: nobody has moved them yet. */
    Set<String> roomsPlacedHere() {
        ensureStarted();
        if (!settings.media()) {
            return Set.of();
        }
        return localMedia.get().roomIds().stream().filter(room -> settings.nodeId().equals(placement.recorded(room)))
                .collect(Collectors.toSet());
    }

    /** Whether draining can move anyone: the node is part of a cluster and another media node is alive to take over. */
    boolean othersCanTakeOver() {
        ensureStarted();
        return shared && registry.live().keySet().stream().anyMatch(id -> !id.equals(settings.nodeId()));
    }

    /**
     * Leaves the cluster before beans (the Redis client among them) are destroyed: rooms here get re-placed by
     * signalling nodes at once rather than after the heartbeat's time to live.
     */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            if (worker != null) {
                worker.close();
            }
            if (registry != null) {
                registry.deregister(settings.nodeId());
            }
            if (presence != null && settings.signalling()) {
                presence.leave(); // everyone here departed (SignallingService.departAll) or moved (a drain)
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Leaving the cluster failed; the node's key expires on its own", e);
        }
    }

    /** After signalling closed everyone's media (at the same event as {@link #stop}): their last messages go out. */
    @PreDestroy
    void closeMediaNode() {
        try {
            if (mediaNode != null) {
                mediaNode.close();
            }
            // Not 'instanceof RedisRoomChannel': on undeploy the application's class loader may already refuse to
            // load a class this process never used (NoClassDefFoundError on Payara Server).
            if (roomChannel instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "The Redis client went first", e);
        }
    }
}
