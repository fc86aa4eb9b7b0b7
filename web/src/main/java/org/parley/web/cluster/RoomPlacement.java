package org.parley.web.cluster;

import java.time.Duration;
import java.util.Set;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Which media node hosts each room: a key per room, claimed atomically, so concurrent joins through different
 * signalling nodes agree. A room whose node died is moved to a live one by whoever notices first.
 */
public final class RoomPlacement {

    /** Where the room's media is, and whether it just moved away from a dead node. */
    public record Placement(String nodeId, boolean movedFromDeadNode) {}

    private final RedissonClient redis;
    private final NodeRegistry registry;
    private final Duration ttl;

    /**
     * @param ttl how long a placement outlives its node's last renewal: longer than the reconnect grace, so that
     *            participants resuming after their media node died are still told it died
     */
    public RoomPlacement(RedissonClient redis, NodeRegistry registry, Duration ttl) {
        this.redis = redis;
        this.registry = registry;
        this.ttl = ttl;
    }

    /**
     * The room's live media node, placing the room on the least-loaded live node when it has none (new) or its
     * node is dead.
     *
     * @throws NoMediaNodeException when no media node is alive
     */
    public Placement place(String roomId) {
        RBucket<String> key = key(roomId);
        for (int attempt = 0; attempt < 5; attempt++) {
            String current = key.get();
            if (current != null && registry.isAlive(current)) {
                return new Placement(current, false);
            }
            String chosen = registry.leastLoaded().orElseThrow(NoMediaNodeException::new);
            boolean claimed = current == null ? key.setIfAbsent(chosen, ttl) : key.compareAndSet(current, chosen);
            if (claimed) {
                key.expire(ttl);
                return new Placement(chosen, current != null);
            }
            // another signalling node placed it meanwhile: read its choice
        }
        throw new IllegalStateException("The media node of room " + roomId + " keeps changing; try again");
    }

    /** The node the room is recorded on, alive or not; null when it is on none. */
    public String recorded(String roomId) {
        return key(roomId).get();
    }

    /** Keeps the placements of the rooms a live media node hosts; called with its heartbeat. */
    public void renew(Set<String> roomIds) {
        for (String roomId : roomIds) {
            key(roomId).expire(ttl);
        }
    }

    /** The node's last participant of the room left: the room may go elsewhere next time. */
    public void release(String roomId, String nodeId) {
        key(roomId).compareAndSet(nodeId, null);
    }

    private RBucket<String> key(String roomId) {
        return redis.getBucket(ClusterKeys.roomMediaNode(roomId), StringCodec.INSTANCE);
    }
}
