package org.parley.web.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private MediaBackendService backend;

    protected LocalMediaNode() {
        // for CDI proxies
    }

    @Inject
    public LocalMediaNode(MediaBackendService backend) {
        this.backend = backend;
    }

    @Override
    public void open(String roomId, String participantId, SignalSink sink) {
        rooms.compute(roomId, (id, room) -> {
            RoomMedia media = room != null ? room : new RoomMedia(backend.backend().createRouter(id), unforwarded);
            media.open(participantId, sink);
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

    /** Tracks this node did not forward to someone, by reason (each was logged as a WARNING). */
    public UnforwardedTracks unforwardedTracks() {
        return unforwarded;
    }

    /** Whether the room has media here (false once its last participant left). */
    public boolean hostsRoom(String roomId) {
        return rooms.containsKey(roomId);
    }
}
