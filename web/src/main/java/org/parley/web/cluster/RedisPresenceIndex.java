package org.parley.web.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.parley.web.room.PresenceIndex;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The presence index in Redis: every signalling node (of any cluster on this Redis, so a lone process killed and
 * started again finds its own leftovers) is in {@code parley:presence:nodes}, renews {@code parley:presence:node:{id}}
 * while it lives, and lists the occupants it holds in {@code parley:presence:node:{id}:held} ("roomId participantId").
 * Writes are fire-and-forget: joins do not wait for them.
 */
final class RedisPresenceIndex implements PresenceIndex {

    private static final String NODES = "parley:presence:nodes";

    private final RedissonClient redis;
    private final String nodeId;
    private final Duration ttl;

    RedisPresenceIndex(RedissonClient redis, String nodeId, Duration ttl) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.ttl = ttl;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void held(String roomId, String participantId) {
        held(nodeId).addAsync(entry(roomId, participantId));
    }

    @Override
    public void released(String roomId, String participantId) {
        held(nodeId).removeAsync(entry(roomId, participantId));
    }

    /** This node lives: called with the cluster heartbeat. */
    void beat() {
        redis.getBucket(alive(nodeId), StringCodec.INSTANCE).set("1", ttl);
        redis.getSet(NODES, StringCodec.INSTANCE).add(nodeId);
    }

    /** Left on purpose, holding nobody: nothing to take over. */
    void leave() {
        redis.getSet(NODES, StringCodec.INSTANCE).remove(nodeId);
        redis.getKeys().delete(alive(nodeId), heldKey(nodeId));
    }

    /** Nodes recorded as signalling that no longer live (their key expired), this one aside. */
    List<String> deadNodes() {
        Set<String> nodes = redis.<String>getSet(NODES, StringCodec.INSTANCE).readAll();
        return nodes.stream().filter(id -> !id.equals(nodeId))
                .filter(id -> !redis.getBucket(alive(id), StringCodec.INSTANCE).isExists()).toList();
    }

    /**
     * Claims a dead node's occupants: true for exactly one of the nodes that try, which then takes them over; the
     * entries are "roomId participantId".
     */
    boolean claim(String deadNode) {
        return redis.getSet(NODES, StringCodec.INSTANCE).remove(deadNode);
    }

    /** Taking a claimed node over failed half-way: it goes back to be claimed again. */
    void retryLater(String deadNode) {
        redis.getSet(NODES, StringCodec.INSTANCE).add(deadNode);
    }

    Set<String> heldBy(String node) {
        return held(node).readAll();
    }

    /** Once taken over, the dead node's index goes. */
    void forget(String deadNode) {
        held(deadNode).delete();
    }

    static String[] parse(String entry) {
        return entry.split(" ", 2);
    }

    private RSet<String> held(String node) {
        return redis.getSet(heldKey(node), StringCodec.INSTANCE);
    }

    private static String entry(String roomId, String participantId) {
        return roomId + " " + participantId;
    }

    private static String alive(String node) {
        return "parley:presence:node:" + node;
    }

    private static String heldKey(String node) {
        return "parley:presence:node:" + node + ":held";
    }
}
