package org.parley.web.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.web.room.Occupant;
import org.parley.web.room.Room;
import org.parley.web.room.RoomRepository;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;

/**
 * Rooms as two Redis hashes each (see {@link RoomKeys}); multi-key writes go through MULTI/EXEC. Every write that
 * leaves a room with nobody present gives both hashes a TTL of {@code parley.room.empty-ttl}, and every write that
 * leaves someone present removes it, so abandoned rooms leave Redis by themselves. An ended room keeps only its
 * room hash, for {@code parley.room.ended-ttl}, so late joiners learn it ended.
 */
@ApplicationScoped
public class RedisRoomRepository implements RoomRepository {

    private final RedissonClient redis;
    private final Duration emptyTtl;
    private final Duration endedTtl;

    protected RedisRoomRepository() {
        this.redis = null; // for CDI proxies only
        this.emptyTtl = null;
        this.endedTtl = null;
    }

    @Inject
    public RedisRoomRepository(RedissonClient redis,
                               @ConfigProperty(name = "parley.room.empty-ttl", defaultValue = "PT10M") Duration emptyTtl,
                               @ConfigProperty(name = "parley.room.ended-ttl", defaultValue = "PT1H") Duration endedTtl) {
        if (emptyTtl.toMillis() < 1000 || endedTtl.toMillis() < 1000) {
            throw new IllegalArgumentException("parley.room.empty-ttl and parley.room.ended-ttl must be at least 1 s, not "
                    + emptyTtl + " and " + endedTtl);
        }
        this.redis = redis;
        this.emptyTtl = emptyTtl;
        this.endedTtl = endedTtl;
    }

    @Override
    public void create(Room room) {
        RBatch batch = atomicBatch();
        RMapAsync<String, String> map = batch.getMap(RoomKeys.room(room.id()));
        map.putAllAsync(Map.of(
                RoomKeys.NAME, room.name(),
                RoomKeys.CREATED_AT, room.createdAt().toString(),
                RoomKeys.OCCUPANCY_COUNT, "0"));
        map.expireAsync(emptyTtl); // nobody in it yet
        StoreCalls.run(batch::execute);
    }

    @Override
    public Optional<Room> find(String roomId) {
        Map<String, String> fields = StoreCalls.call(() -> roomMap(roomId).readAllMap());
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String ended = fields.get(RoomKeys.ENDED_AT);
        return Optional.of(new Room(roomId,
                fields.getOrDefault(RoomKeys.NAME, ""),
                Instant.parse(fields.getOrDefault(RoomKeys.CREATED_AT, Instant.EPOCH.toString())),
                ended == null ? null : Instant.parse(ended)));
    }

    @Override
    public List<Occupant> occupants(String roomId) {
        List<Occupant> occupants = new ArrayList<>();
        StoreCalls.call(() -> occupantsMap(roomId).readAllMap()).forEach((id, json) -> occupants.add(OccupantJson.read(id, json)));
        return occupants;
    }

    @Override
    public void saveOccupant(String roomId, Occupant occupant, long occupancyCount) {
        RBatch batch = atomicBatch();
        batch.<String, String>getMap(RoomKeys.occupants(roomId)).fastPutAsync(occupant.participantId(), OccupantJson.write(occupant));
        batch.<String, String>getMap(RoomKeys.room(roomId)).fastPutAsync(RoomKeys.OCCUPANCY_COUNT, Long.toString(occupancyCount));
        keepWhileOccupied(batch, roomId, occupancyCount);
        StoreCalls.run(batch::execute);
    }

    @Override
    public void removeOccupant(String roomId, String participantId, long occupancyCount) {
        RBatch batch = atomicBatch();
        batch.<String, String>getMap(RoomKeys.occupants(roomId)).fastRemoveAsync(participantId);
        batch.<String, String>getMap(RoomKeys.room(roomId)).fastPutAsync(RoomKeys.OCCUPANCY_COUNT, Long.toString(occupancyCount));
        keepWhileOccupied(batch, roomId, occupancyCount);
        StoreCalls.run(batch::execute);
    }

    @Override
    public long occupancyCount(String roomId) {
        String count = StoreCalls.call(() -> roomMap(roomId).get(RoomKeys.OCCUPANCY_COUNT));
        return count == null ? 0 : Long.parseLong(count);
    }

    @Override
    public void end(String roomId, Instant endedAt) {
        RBatch batch = atomicBatch();
        batch.getMap(RoomKeys.occupants(roomId)).deleteAsync();
        RMapAsync<String, String> room = batch.getMap(RoomKeys.room(roomId));
        room.fastPutAsync(RoomKeys.ENDED_AT, endedAt.toString());
        room.fastPutAsync(RoomKeys.OCCUPANCY_COUNT, "0");
        room.expireAsync(endedTtl);
        StoreCalls.run(batch::execute);
    }

    /** Empty rooms expire; occupied ones do not. Both hashes, so neither outlives the other. */
    private void keepWhileOccupied(RBatch batch, String roomId, long occupancyCount) {
        for (String key : List.of(RoomKeys.room(roomId), RoomKeys.occupants(roomId))) {
            RMapAsync<String, String> map = batch.getMap(key);
            if (occupancyCount == 0) {
                map.expireAsync(emptyTtl);
            } else {
                map.clearExpireAsync();
            }
        }
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
