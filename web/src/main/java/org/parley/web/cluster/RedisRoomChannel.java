package org.parley.web.cluster;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.Removed;
import org.parley.web.media.SignalSink;
import org.parley.web.signalling.RoomChannel;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A {@link RoomChannel} for rooms whose members are spread over the processes of a cluster. Sockets of this process
 * get a message at once, as with the local channel; the other processes get it over the room's topic
 * ({@link ClusterKeys#roomEvents}), to which a process listens while it has members of the room. Each process sends
 * in order from one queue and hands what it hears to its sockets in order from one queue, so a room's events from one
 * process arrive everywhere in the order they were made.
 * <p>
 * On the topic: {@code {"from":node,"except":participant?,"to":participant?,"message":{...}}}, readable in
 * {@code redis-cli}.
 */
public final class RedisRoomChannel implements RoomChannel, AutoCloseable {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(RedisRoomChannel.class.getName());

    /** The members of a room connected here and this process's listener on its topic; changed while locked. */
    private static final class Room {
        final Map<String, SignalSink> members = new ConcurrentHashMap<>();
        Integer listener;
        boolean retired;
    }

    private final RedissonClient redis;
    private final String cluster;
    private final String nodeId;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final SerialQueue outbox;
    private final SerialQueue inbox;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private volatile Evictions evictions = (roomId, participantId, reason) -> { };

    public RedisRoomChannel(RedissonClient redis, String cluster, String nodeId) {
        this.redis = redis;
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.outbox = new SerialQueue("parley-room-events-out-" + nodeId);
        this.inbox = new SerialQueue("parley-room-events-in-" + nodeId);
    }

    @Override
    public void onEvicted(Evictions handler) {
        this.evictions = handler;
    }

    /**
     * Listens to the room's topic before returning (the first member here), so nothing another process sends after
     * this member's welcome is missed. Without Redis the member still gets this process's events.
     */
    @Override
    public void subscribe(String roomId, String participantId, SignalSink sink) {
        while (true) {
            Room room = rooms.computeIfAbsent(roomId, id -> new Room());
            synchronized (room) {
                if (room.retired) {
                    continue; // its last member left meanwhile: start a new one
                }
                room.members.put(participantId, sink);
                if (room.listener == null) {
                    try {
                        room.listener = topic(roomId).addListener(String.class,
                                (channel, text) -> inbox.submit(() -> receive(roomId, room, text)));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Listening to the events of room " + roomId + " failed; other "
                                + "processes' events miss its members here until the next one joins", e);
                    }
                }
                return;
            }
        }
    }

    /** The room's last member here stops this process listening to its topic. */
    @Override
    public void unsubscribe(String roomId, String participantId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.members.remove(participantId) == null || !room.members.isEmpty()) {
                return;
            }
            room.retired = true;
            rooms.remove(roomId, room);
            if (room.listener != null) {
                topic(roomId).removeListenerAsync(room.listener).exceptionally(e -> {
                    LOG.log(Level.WARNING, "Could not stop listening to room " + roomId, e);
                    return null;
                });
            }
        }
    }

    @Override
    public void publish(String roomId, Message message, String exceptParticipantId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.members.forEach((participantId, sink) -> {
                if (!participantId.equals(exceptParticipantId)) {
                    sink.send(message);
                }
            });
        }
        broadcast(roomId, message, exceptParticipantId, null);
    }

    @Override
    public void send(String roomId, String participantId, Message message) {
        Room room = rooms.get(roomId);
        SignalSink sink = room == null ? null : room.members.get(participantId);
        if (sink != null) {
            sink.send(message);
        } else {
            broadcast(roomId, message, null, participantId); // their socket may be on another process
        }
    }

    private void broadcast(String roomId, Message message, String except, String to) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("from", nodeId);
        if (except != null) {
            json.add("except", except);
        }
        if (to != null) {
            json.add("to", to);
        }
        try (var reader = JSON.createReader(new StringReader(codec.encodeMessage(message)))) {
            json.add("message", reader.readObject());
        }
        String text = json.build().toString();
        outbox.submit(() -> topic(roomId).publish(text));
    }

    /** On the inbox thread: another process's event for the members here (heard by {@code room}'s listener). */
    private void receive(String roomId, Room room, String text) {
        if (rooms.get(roomId) != room) {
            return; // a listener on its way out; the room's current one (if any) hears this too
        }
        JsonObject json;
        Message message;
        try (var reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
            if (nodeId.equals(string(json, "from"))) {
                return; // this process delivered it already
            }
            message = codec.decodeMessage(json.getJsonObject("message").toString());
        } catch (ProtocolException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignored an unreadable event on room " + roomId + ": " + text, e);
            return;
        }
        String to = string(json, "to");
        String except = string(json, "except");
        List<Map.Entry<String, SignalSink>> recipients = room.members.entrySet().stream()
                .filter(member -> to == null ? !member.getKey().equals(except) : member.getKey().equals(to))
                .toList();
        boolean evicts = message instanceof MeetingEnded || message instanceof Removed;
        for (Map.Entry<String, SignalSink> member : recipients) {
            member.getValue().send(message);
            if (evicts) {
                unsubscribe(roomId, member.getKey());
                try {
                    evictions.evicted(roomId, member.getKey(), message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Taking " + member.getKey() + " out of room " + roomId + " failed", e);
                }
            }
        }
    }

    /** Whether this process listens to the room's topic (it has members of the room). */
    boolean listensTo(String roomId) {
        return rooms.containsKey(roomId);
    }

    private RTopic topic(String roomId) {
        return redis.getTopic(ClusterKeys.roomEvents(cluster, roomId), StringCodec.INSTANCE);
    }

    private static String string(JsonObject json, String field) {
        return json.get(field) instanceof JsonString value ? value.getString() : null;
    }

    /** Stops listening to every room and lets queued events go out (at shutdown, after everyone here left). */
    @Override
    public void close() {
        rooms.forEach((roomId, room) -> {
            synchronized (room) {
                if (room.listener != null) {
                    try {
                        topic(roomId).removeListener(room.listener);
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "Redis went first", e);
                    }
                }
            }
        });
        rooms.clear();
        outbox.close();
        inbox.close();
    }
}
