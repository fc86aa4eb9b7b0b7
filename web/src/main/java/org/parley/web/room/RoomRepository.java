package org.parley.web.room;

import java.util.List;
import java.util.Optional;

/**
 * Where rooms and their occupants live. Writes of one call are atomic; read-modify-write sequences must run
 * inside {@link RoomLocks#inRoom}.
 */
public interface RoomRepository {

    void create(Room room);

    Optional<Room> find(String roomId);

    List<Occupant> occupants(String roomId);

    /** Adds or replaces {@code occupant} and sets the room's occupancy count, in one step. */
    void saveOccupant(String roomId, Occupant occupant, long occupancyCount);

    /** Removes the occupant and sets the room's occupancy count, in one step. */
    void removeOccupant(String roomId, String participantId, long occupancyCount);

    long occupancyCount(String roomId);
}
