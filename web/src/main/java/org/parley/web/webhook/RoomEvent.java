package org.parley.web.webhook;

import org.parley.web.room.Occupant;

/**
 * Something in a room's life that integrations hear of through webhooks. Each is emitted once, by the process that
 * recorded it, with the room locked, so a room's events come in the order they happened.
 */
public sealed interface RoomEvent {

    String roomId();

    /** The event's name on the wire, e.g. {@code participant.joined}. */
    String type();

    /** A new participant joined a room nobody was in (present or away). */
    record RoomStarted(String roomId) implements RoomEvent {
        @Override
        public String type() {
            return "room.started";
        }
    }

    /** The host ended the meeting, or the room's last occupant (present or away) left it. */
    record RoomEnded(String roomId, EndReason reason) implements RoomEvent {
        @Override
        public String type() {
            return "room.ended";
        }
    }

    /** Someone new joined; a resume (the same participant back on a new connection) is not a join. */
    record ParticipantJoined(String roomId, Occupant participant) implements RoomEvent {
        @Override
        public String type() {
            return "participant.joined";
        }
    }

    /** Someone is no longer in the room; being away (connection lost, may resume) is not leaving. */
    record ParticipantLeft(String roomId, Occupant participant, LeaveReason reason) implements RoomEvent {
        @Override
        public String type() {
            return "participant.left";
        }
    }

    enum LeaveReason {
        /** They sent {@code leave}, or their connection closed and could not be kept for a resume. */
        LEFT("left"),
        /** The host removed them. */
        REMOVED("removed"),
        /** They were away longer than the reconnect grace. */
        TIMED_OUT("timed-out"),
        /** The process they were connected to was shut down. */
        SHUTDOWN("shutdown");

        private final String wireName;

        LeaveReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    enum EndReason {
        MEETING_ENDED("meeting-ended"),
        /** The last occupant left. */
        EMPTY("empty");

        private final String wireName;

        EndReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
