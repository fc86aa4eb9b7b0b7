package org.parley.web.redis;

/** The Redis key names of a room; part of Parley's documented storage layout. */
final class RoomKeys {

    static final String NAME = "name";
    static final String CREATED_AT = "createdAt";
    static final String OCCUPANCY_COUNT = "occupancyCount";

    private RoomKeys() {}

    /** Hash: name, createdAt, occupancyCount. */
    static String room(String roomId) {
        return "parley:room:" + roomId;
    }

    /** Hash: participantId → {"isHost","isPresent","displayName","audioMuted","videoMuted"}. */
    static String occupants(String roomId) {
        return room(roomId) + ":occupants";
    }

    /** Held only while a join or leave is being recorded. */
    static String lock(String roomId) {
        return room(roomId) + ":lock";
    }
}
