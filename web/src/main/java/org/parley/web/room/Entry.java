package org.parley.web.room;

import java.util.List;

/** A successful join: the new occupant and the others who were already present. */
public record Entry(String roomId, Occupant occupant, List<Occupant> others) {}
