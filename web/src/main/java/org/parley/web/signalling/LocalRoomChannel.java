package org.parley.web.signalling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/** The sockets of this process, by room; enough while one process serves every room (no cluster name set). */
public class LocalRoomChannel implements RoomChannel {

    private final Map<String, Map<String, SignalSink>> rooms = new ConcurrentHashMap<>();

    @Override
    public void subscribe(String roomId, String participantId, SignalSink sink) {
        rooms.computeIfAbsent(roomId, id -> new ConcurrentHashMap<>()).put(participantId, sink);
    }

    @Override
    public void unsubscribe(String roomId, String participantId) {
        // Drops the room's map with its last subscriber, atomically with respect to subscribe.
        rooms.computeIfPresent(roomId, (id, sinks) -> {
            sinks.remove(participantId);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    @Override
    public void publish(String roomId, Message message, String exceptParticipantId) {
        Map<String, SignalSink> sinks = rooms.get(roomId);
        if (sinks == null) {
            return;
        }
        sinks.forEach((participantId, sink) -> {
            if (!participantId.equals(exceptParticipantId)) {
                sink.send(message);
            }
        });
    }

    @Override
    public void send(String roomId, String participantId, Message message) {
        Map<String, SignalSink> sinks = rooms.get(roomId);
        SignalSink sink = sinks == null ? null : sinks.get(participantId);
        if (sink != null) {
            sink.send(message);
        }
    }
}
