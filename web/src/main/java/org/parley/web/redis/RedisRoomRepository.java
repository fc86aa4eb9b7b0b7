package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.web.room.Occupant;
import org.parley.web.room.Room;
import org.parley.web.room.RoomRepository;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;

/** Rooms as two Redis hashes each (see {@link RoomKeys}); multi-key writes go through MULTI/EXEC. */
@ApplicationScoped
public class RedisRoomRepository implements RoomRepository {

    private final RedissonClient redis;

    protected RedisRoomRepository() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisRoomRepository(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public void create(Room room) {
        roomMap(room.id()).putAll(Map.of(
                RoomKeys.NAME, room.name(),
                RoomKeys.CREATED_AT, room.createdAt().toString(),
                RoomKeys.OCCUPANCY_COUNT, "0"));
    }

    @Override
    public Optional<Room> find(String roomId) {
        Map<String, String> fields = roomMap(roomId).readAllMap();
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Room(roomId,
                fields.getOrDefault(RoomKeys.NAME, ""),
                Instant.parse(fields.getOrDefault(RoomKeys.CREATED_AT, Instant.EPOCH.toString()))));
    }

    @Override
    public List<Occupant> occupants(String roomId) {
        List<Occupant> occupants = new ArrayList<>();
        occupantsMap(roomId).readAllMap().forEach((id, json) -> occupants.add(OccupantJson.read(id, json)));
        return occupants;
    }

    @Override
    public void saveOccupant(String roomId, Occupant occupant, long occupancyCount) {
        RBatch batch = atomicBatch();
        batch.<String, String>getMap(RoomKeys.occupants(roomId)).fastPutAsync(occupant.participantId(), OccupantJson.write(occupant));
        batch.<String, String>getMap(RoomKeys.room(roomId)).fastPutAsync(RoomKeys.OCCUPANCY_COUNT, Long.toString(occupancyCount));
        batch.execute();
    }

    @Override
    public void removeOccupant(String roomId, String participantId, long occupancyCount) {
        RBatch batch = atomicBatch();
        batch.<String, String>getMap(RoomKeys.occupants(roomId)).fastRemoveAsync(participantId);
        batch.<String, String>getMap(RoomKeys.room(roomId)).fastPutAsync(RoomKeys.OCCUPANCY_COUNT, Long.toString(occupancyCount));
        batch.execute();
    }

    @Override
    public long occupancyCount(String roomId) {
        String count = roomMap(roomId).get(RoomKeys.OCCUPANCY_COUNT);
        return count == null ? 0 : Long.parseLong(count);
    }

    private RBatch atomicBatch() {
        return redis.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
    }

    private RMap<String, String> roomMap(String roomId) {
        return redis.getMap(RoomKeys.room(roomId));
    }

    private RMap<String, String> occupantsMap(String roomId) {
        return redis.getMap(RoomKeys.occupants(roomId));
    }
}
