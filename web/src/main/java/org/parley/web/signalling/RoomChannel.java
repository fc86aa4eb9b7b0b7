package org.parley.web.signalling;

import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/**
 * Delivers signalling messages to everyone connected to a room. The local implementation reaches sockets of this
 * process only; one over Redis topics can replace it when rooms span processes.
 */
public interface RoomChannel {

    void subscribe(String roomId, String participantId, SignalSink sink);

    void unsubscribe(String roomId, String participantId);

    /**
     * Sends {@code message} to every subscriber of the room but {@code exceptParticipantId} (null: to everyone).
     * Never blocks.
     */
    void publish(String roomId, Message message, String exceptParticipantId);

    /** Sends {@code message} to one subscriber of the room, if subscribed. Never blocks. */
    void send(String roomId, String participantId, Message message);
}
