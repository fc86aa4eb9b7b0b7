package org.parley.web.signalling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.room.Occupant;
import org.parley.web.room.Room;
import org.parley.web.room.RoomLocks;
import org.parley.web.room.RoomRepository;

/** The room store and its lock in memory, for state machine tests that need no Redis. */
final class InMemoryRooms implements RoomRepository, RoomLocks {

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Occupant>> occupants = new ConcurrentHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public void create(Room room) {
        rooms.put(room.id(), room);
        counts.put(room.id(), 0L);
    }

    @Override
    public Optional<Room> find(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public List<Occupant> occupants(String roomId) {
        return new ArrayList<>(occupants.getOrDefault(roomId, Map.of()).values());
    }

    Optional<Occupant> occupant(String roomId, String participantId) {
        return Optional.ofNullable(occupants.getOrDefault(roomId, Map.of()).get(participantId));
    }

    @Override
    public void saveOccupant(String roomId, Occupant occupant, long occupancyCount) {
        occupants.computeIfAbsent(roomId, id -> new ConcurrentHashMap<>()).put(occupant.participantId(), occupant);
        counts.put(roomId, occupancyCount);
    }

    @Override
    public void removeOccupant(String roomId, String participantId, long occupancyCount) {
        occupants.getOrDefault(roomId, new ConcurrentHashMap<>()).remove(participantId);
        counts.put(roomId, occupancyCount);
    }

    @Override
    public long occupancyCount(String roomId) {
        return counts.getOrDefault(roomId, 0L);
    }

    @Override
    public void end(String roomId, java.time.Instant endedAt) {
        Room room = rooms.get(roomId);
        rooms.put(roomId, new Room(roomId, room.name(), room.createdAt(), endedAt));
        occupants.remove(roomId);
        counts.put(roomId, 0L);
    }

    @Override
    public <T> T inRoom(String roomId, Locked<T> work) throws ProtocolException {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
