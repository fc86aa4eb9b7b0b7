package org.parley.web.room;

import java.util.List;

/**
 * A successful join or resume: the occupant, everyone else in the room (present or away), and the secret that lets
 * this occupant resume after a lost connection.
 */
public record Entry(String roomId, Occupant occupant, List<Occupant> others, String resumeToken) {}
