package org.parley.web.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Nodes in Redis: each renews a key with a time to live (holding a media node's load); a node whose key expired is
 * dead.
 * The set of media node ids only says where to look; the keys decide who is alive.
 */
public final class NodeRegistry {

    private final RedissonClient redis;
    private final String members;
    private final Duration ttl;

    /** @param cluster the cluster's name: nodes of other clusters sharing the Redis are never chosen */
    public NodeRegistry(RedissonClient redis, String cluster, Duration ttl) {
        this.redis = redis;
        this.members = ClusterKeys.mediaNodes(cluster);
        this.ttl = ttl;
    }

    /** Registers the node (or renews it) with its current load. */
    public void heartbeat(String nodeId, int load) {
        redis.getBucket(ClusterKeys.node(nodeId), StringCodec.INSTANCE).set(Integer.toString(load), ttl);
        var nodes = redis.<String>getSet(members, StringCodec.INSTANCE);
        nodes.add(nodeId);
        nodes.expire(ttl); // kept while any node beats: a cluster whose nodes all died leaves nothing behind
    }

    /** Keeps a signalling-only node alive: media nodes drop its participants' sessions once it is dead. */
    public void beat(String nodeId) {
        redis.getBucket(ClusterKeys.node(nodeId), StringCodec.INSTANCE).set("signalling", ttl);
    }

    public void deregister(String nodeId) {
        redis.getSet(members, StringCodec.INSTANCE).remove(nodeId);
        redis.getBucket(ClusterKeys.node(nodeId), StringCodec.INSTANCE).delete();
    }

    public boolean isAlive(String nodeId) {
        return redis.getBucket(ClusterKeys.node(nodeId), StringCodec.INSTANCE).isExists();
    }

    /** A live node, in the order of least load (then id, so concurrent choosers tend to agree); prunes the dead. */
    public Optional<String> leastLoaded() {
        return live().entrySet().stream()
                .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /** Live media nodes with their loads. */
    public Map<String, Integer> live() {
        var nodes = redis.<String>getSet(members, StringCodec.INSTANCE);
        List<String> ids = List.copyOf(nodes.readAll());
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> loads = redis.getBuckets(StringCodec.INSTANCE)
                .get(ids.stream().map(ClusterKeys::node).toArray(String[]::new));
        Map<String, Integer> live = new java.util.HashMap<>();
        for (String id : ids) {
            Object load = loads.get(ClusterKeys.node(id));
            if (load == null) {
                nodes.remove(id);
            } else {
                live.put(id, parseLoad(load.toString()));
            }
        }
        return live;
    }

    private static int parseLoad(String load) {
        try {
            return Integer.parseInt(load);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // unreadable: alive, but the last choice
        }
    }
}
