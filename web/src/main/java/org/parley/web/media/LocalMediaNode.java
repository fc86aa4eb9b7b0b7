package org.parley.web.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.MediaKind;

/**
 * The media role in this process: one {@link RoomMedia} per room with participants, on the configured backend.
 * Injected by its class only: signalling gets the {@link MediaNode} the cluster configuration chooses.
 */
@ApplicationScoped
@Typed(LocalMediaNode.class)
public class LocalMediaNode implements MediaNode {

    private final Map<String, RoomMedia> rooms = new ConcurrentHashMap<>();
    private final UnforwardedTracks unforwarded = new UnforwardedTracks();
    private final ConnectTimes connectTimes = new ConnectTimes();
    private MediaBackendService backend;
    private int lastN;

    protected LocalMediaNode() {
        // for CDI proxies
    }

    /** @param lastN in rooms where more people send video, only the last N speakers' goes at its best layers; 0: off */
    @Inject
    public LocalMediaNode(MediaBackendService backend,
                          @ConfigProperty(name = "parley.media.last-n", defaultValue = "9") int lastN) {
        if (lastN < 0) {
            throw new IllegalArgumentException("parley.media.last-n (PARLEY_MEDIA_LAST_N) must be 0 (off) or more: " + lastN);
        }
        this.backend = backend;
        this.lastN = lastN;
    }

    @Override
    public void open(String roomId, String participantId, boolean inAudience, SignalSink sink) {
        rooms.compute(roomId, (id, room) -> {
            RoomMedia media = room != null ? room
                    : new RoomMedia(backend.backend().createRouter(id), unforwarded, lastN, connectTimes);
            media.open(participantId, inAudience, sink);
            return media;
        });
    }

    @Override
    public void onSignal(String roomId, String participantId, Message.FromClient message) throws ProtocolException {
        RoomMedia room = rooms.get(roomId);
        if (room == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "Join the room before sending media messages.");
        }
        room.onSignal(participantId, message);
    }

    @Override
    public void setMuted(String roomId, String participantId, MediaKind kind, boolean muted) {
        RoomMedia room = rooms.get(roomId);
        if (room != null) {
            room.setMuted(participantId, kind, muted);
        }
    }

    @Override
    public void close(String roomId, String participantId) {
        rooms.computeIfPresent(roomId, (id, room) -> {
            if (room.close(participantId)) {
                room.closeRouter();
                return null;
            }
            return room;
        });
    }

    /** The rooms with media here: their number is the load the cluster balances. */
    public Set<String> roomIds() {
        return Set.copyOf(rooms.keySet());
    }

    /** How long participants' media here took to connect. */
    public ConnectTimes connectTimes() {
        return connectTimes;
    }

    /** Tracks this node did not forward to someone, by reason (each was logged as a WARNING). */
    public UnforwardedTracks unforwardedTracks() {
        return unforwarded;
    }

    /** Whether the room has media here (false once its last participant left). */
    public boolean hostsRoom(String roomId) {
        return rooms.containsKey(roomId);
    }
}
