package org.parley.web.room;

/**
 * An occupant no longer in the room, and whether the room is left with nobody (present or away), as recorded with
 * the room locked.
 */
public record Departure(Occupant occupant, boolean roomEmpty) {}
