package org.parley.web.room;

/** Someone in a room. {@code isPresent} is false while they are known but not connected. */
public record Occupant(String participantId, String displayName, boolean isHost, boolean isPresent) {}
