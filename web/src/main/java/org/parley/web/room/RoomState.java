package org.parley.web.room;

import java.util.List;

/** A room with who is in it, as the host sees it. */
public record RoomState(Room room, long occupancyCount, List<Occupant> occupants) {}
