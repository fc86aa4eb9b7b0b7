package org.parley.web.signalling;

import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/**
 * Delivers signalling messages to everyone connected to a room. {@link LocalRoomChannel} reaches sockets of this
 * process only; {@code org.parley.web.cluster.RedisRoomChannel} also reaches those of other processes in the cluster.
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

    /**
     * Registers who takes members subscribed here out of this process when another process ends their membership
     * ({@code meetingEnded} to everyone, {@code removed} to one): the handler is called after the message reached
     * their socket and they were unsubscribed. Only channels that span processes call it.
     */
    default void onEvicted(Evictions handler) {
    }

    /** See {@link #onEvicted}. */
    @FunctionalInterface
    interface Evictions {
        void evicted(String roomId, String participantId, Message reason);
    }
}
