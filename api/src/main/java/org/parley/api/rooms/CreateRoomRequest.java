package org.parley.api.rooms;

/** Body of {@code POST /api/rooms}; all fields optional. */
public record CreateRoomRequest(String name) {}
