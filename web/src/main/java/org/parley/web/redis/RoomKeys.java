package org.parley.web.redis;

/** The Redis key names of a room; part of Parley's documented storage layout. */
final class RoomKeys {

    static final String NAME = "name";
    static final String CREATED_AT = "createdAt";
    static final String OCCUPANCY_COUNT = "occupancyCount";
    /** Set when the host ended the meeting; the hash then lives on only to tell late joiners so. */
    static final String ENDED_AT = "endedAt";

    private RoomKeys() {}

    /** Hash: name, createdAt, occupancyCount, and endedAt once ended. */
    static String room(String roomId) {
        return "parley:room:" + roomId;
    }

    /** Hash: participantId → {"isHost","isPresent","displayName","audioMuted","videoMuted"}. */
    static String occupants(String roomId) {
        return room(roomId) + ":occupants";
    }

    /** Hash: participantId → the latest connection report {"path","roundTripMs","lossPercent","diagnosis","reportedAt"}. */
    static String connections(String roomId) {
        return room(roomId) + ":connections";
    }

    /** Held only while a join or leave is being recorded. */
    static String lock(String roomId) {
        return room(roomId) + ":lock";
    }
}
