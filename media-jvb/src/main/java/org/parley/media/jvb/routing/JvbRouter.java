package org.parley.media.jvb.routing;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.parley.media.jvb.speech.DominantSpeaker;
import org.parley.media.jvb.transport.SecureTransportFactory;
import org.parley.media.spi.LayerDemandListener;
import org.parley.media.spi.Router;
import org.parley.media.spi.SpeakerListener;
import org.parley.media.spi.TransportListener;

/**
 * One room. Its transports only ever see producers of this router: {@link JvbWebRtcTransport#consume} refuses
 * producers from elsewhere, so there is no path for a packet between rooms, and no state is shared between rooms
 * on the packet path.
 */
public final class JvbRouter implements Router {

    private static final System.Logger LOG = System.getLogger(JvbRouter.class.getName());

    private final String roomId;
    private final SecureTransportFactory secureTransports;
    private final LongSupplier nanoClock;
    private final int rtcpSsrc;
    private final Consumer<JvbRouter> onClose;
    private final Delayer delayer;
    /** The delayer this router made itself and must close; null when it was given one. */
    private final RouterDelayer ownDelayer;
    private final Set<JvbWebRtcTransport> transports = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile RoomSpeakers speakers;
    private volatile LayerDemand layerDemand;
    private volatile int lastN;
    private final FanOutLanes lanes;
    private final RoutingCounters counters;

    /**
     * @param nanoClock a monotonic clock ({@link System#nanoTime}), for rate limits
     * @param rtcpSsrc  the sender SSRC of RTCP the router writes itself (key frame requests)
     * @param onClose   told once when the router closes, so its owner can forget it
     */
    public JvbRouter(String roomId, SecureTransportFactory secureTransports, LongSupplier nanoClock, int rtcpSsrc,
                     Consumer<JvbRouter> onClose, FanOutLanes lanes, RoutingCounters counters) {
        this(roomId, secureTransports, nanoClock, rtcpSsrc, onClose, new RouterDelayer(roomId), true, lanes, counters);
    }

    /**
     * @param delayer runs delayed work (held-back key frame requests) on the same clock as {@code nanoClock};
     *                not closed by the router, so one can serve many routers
     */
    public JvbRouter(String roomId, SecureTransportFactory secureTransports, LongSupplier nanoClock, int rtcpSsrc,
                     Consumer<JvbRouter> onClose, Delayer delayer) {
        this(roomId, secureTransports, nanoClock, rtcpSsrc, onClose, delayer, false, FanOutLanes.INLINE,
                new RoutingCounters());
    }

    /** @param lanes where large fan-outs run; not closed by the router */
    public JvbRouter(String roomId, SecureTransportFactory secureTransports, LongSupplier nanoClock, int rtcpSsrc,
                     Consumer<JvbRouter> onClose, Delayer delayer, FanOutLanes lanes) {
        this(roomId, secureTransports, nanoClock, rtcpSsrc, onClose, delayer, false, lanes, new RoutingCounters());
    }

    private JvbRouter(String roomId, SecureTransportFactory secureTransports, LongSupplier nanoClock, int rtcpSsrc,
                      Consumer<JvbRouter> onClose, Delayer delayer, boolean ownsDelayer, FanOutLanes lanes,
                      RoutingCounters counters) {
        this.roomId = Objects.requireNonNull(roomId, "roomId");
        this.secureTransports = secureTransports;
        this.nanoClock = nanoClock;
        this.rtcpSsrc = rtcpSsrc;
        this.onClose = onClose;
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        this.ownDelayer = ownsDelayer ? (RouterDelayer) delayer : null;
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.counters = counters;
    }

    /** Where this room counts losses, repairs and key frame requests (shared by the backend's rooms). */
    RoutingCounters counters() {
        return counters;
    }

    /** Tracks published in this room now. */
    public int producerCount() {
        return transports.stream().mapToInt(JvbWebRtcTransport::producerCount).sum();
    }

    /** Tracks forwarded to subscribers in this room now. */
    public int consumerCount() {
        return transports.stream().mapToInt(JvbWebRtcTransport::consumerCount).sum();
    }

    /** Where this room's large fan-outs run. */
    FanOutLanes lanes() {
        return lanes;
    }

    @Override
    public String roomId() {
        return roomId;
    }

    @Override
    public JvbWebRtcTransport createWebRtcTransport(String participantId, TransportListener listener) {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(listener, "listener");
        requireOpen();
        JvbWebRtcTransport transport = new JvbWebRtcTransport(UUID.randomUUID().toString(), participantId, this,
                listener, secureTransports);
        transports.add(transport);
        if (closed.get()) {
            // The router closed while this transport was being made: do not leave it behind.
            transport.close();
            requireOpen();
        }
        return transport;
    }

    @Override
    public void observeSpeakers(SpeakerListener listener, int lastN) {
        Objects.requireNonNull(listener, "listener");
        this.speakers = new RoomSpeakers(participantId -> {
            try {
                listener.onDominantSpeaker(participantId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The speaker listener of room " + roomId + " failed", e);
            }
        });
        this.lastN = Math.max(0, lastN);
        startWatching();
    }

    @Override
    public void observeLayerDemand(LayerDemandListener listener) {
        Objects.requireNonNull(listener, "listener");
        this.layerDemand = new LayerDemand((producer, layer) -> {
            try {
                listener.onLayerDemand(producer, layer);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The layer demand listener of room " + roomId + " failed", e);
            }
        });
        startWatching();
    }

    /** Starts the room's watch (once): speakers and layer demand, every {@link DominantSpeaker#INTERVAL_NANOS}. */
    private void startWatching() {
        if (watching.compareAndSet(false, true)) {
            delayer.runAfter(DominantSpeaker.INTERVAL_NANOS, this::watchRoom);
        }
    }

    private void watchRoom() {
        if (closed.get()) {
            return;
        }
        RoomSpeakers roomSpeakers = speakers;
        if (roomSpeakers != null) {
            roomSpeakers.update(transports);
        }
        LayerDemand demand = layerDemand;
        if (demand != null) {
            demand.update(transports, nanoClock.getAsLong());
        }
        delayer.runAfter(DominantSpeaker.INTERVAL_NANOS, this::watchRoom);
    }

    /** 0 for the dominant speaker, then by how recently each spoke; {@link Integer#MAX_VALUE} for who never did. */
    int speakerRank(String participantId) {
        RoomSpeakers roomSpeakers = speakers;
        return roomSpeakers == null ? Integer.MAX_VALUE : roomSpeakers.rankOf(participantId);
    }

    /** How many recent speakers' video keeps its best layers in a large room; 0 for all. */
    int lastN() {
        return lastN;
    }

    /** Transports currently open. */
    public int transportCount() {
        return transports.size();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                for (JvbWebRtcTransport transport : List.copyOf(transports)) {
                    closeQuietly(transport);
                }
            } finally {
                if (ownDelayer != null) {
                    ownDelayer.close();
                }
                onClose.accept(this);
            }
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    LongSupplier nanoClock() {
        return nanoClock;
    }

    Delayer delayer() {
        return delayer;
    }

    int rtcpSsrc() {
        return rtcpSsrc;
    }

    void forget(JvbWebRtcTransport transport) {
        transports.remove(transport);
    }

    /** One transport failing to close must not keep the room's others open. */
    private void closeQuietly(JvbWebRtcTransport transport) {
        try {
            transport.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing transport " + transport.id() + " of room " + roomId + " failed", e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The router of room " + roomId + " is closed.");
        }
    }
}
