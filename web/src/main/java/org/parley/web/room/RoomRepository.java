package org.parley.web.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where rooms and their occupants live. Writes of one call are atomic; read-modify-write sequences must run
 * inside {@link RoomLocks#inRoom}. A room with no present occupant is kept for a limited time only (the store's
 * empty-room expiry); a write that makes it occupied again keeps it for good. Implementations throw
 * {@link StoreUnavailableException} when the store cannot be reached.
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

    /** Marks the room ended at {@code endedAt} and drops its occupants, in one step; the marker expires later. */
    void end(String roomId, Instant endedAt);
}
