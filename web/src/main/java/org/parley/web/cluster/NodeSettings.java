package org.parley.web.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What this process is in the cluster.
 *
 * @param nodeId     unique among the processes sharing one Redis
 * @param cluster    processes with the same cluster name (and Redis) share rooms; unset: this node alone
 * @param signalling it accepts browsers' sockets and sends their media signals to media nodes
 * @param media      it runs the media backend and hosts rooms' media
 * @param ttl        how long a media node counts as alive after its last heartbeat
 */
public record NodeSettings(String nodeId, String cluster, boolean signalling, boolean media, Duration ttl) {

    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    public NodeSettings {
        if (!signalling && !media) {
            throw new IllegalArgumentException("parley.roles must name signalling, media or both");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("parley.cluster.node-ttl must be at least one second, not " + ttl);
        }
    }

    /** From {@code parley.roles} ("signalling,media", "signalling" or "media") and an optional node id. */
    public static NodeSettings parse(String roles, String nodeId, String cluster, Duration ttl) {
        Set<String> named = Arrays.stream(roles.split(",")).map(r -> r.trim().toLowerCase(Locale.ROOT))
                .filter(r -> !r.isEmpty()).collect(Collectors.toSet());
        for (String role : named) {
            if (!role.equals("signalling") && !role.equals("media")) {
                throw new IllegalArgumentException("Unknown role '" + role + "' in parley.roles (PARLEY_ROLES): "
                        + "use signalling, media or signalling,media");
            }
        }
        String id = nodeId == null || nodeId.isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8)
                : nodeId.strip();
        if (!id.matches(NAME)) {
            throw new IllegalArgumentException("parley.node-id may hold letters, digits, '.', '_' and '-' only: " + id);
        }
        String clusterName = cluster == null || cluster.isBlank() ? id : cluster.strip();
        if (!clusterName.matches(NAME)) {
            throw new IllegalArgumentException("parley.cluster.name may hold letters, digits, '.', '_' and '-' only: " + clusterName);
        }
        return new NodeSettings(id, clusterName, named.contains("signalling"), named.contains("media"), ttl);
    }

    /** Heartbeats come several times per time to live, so one late beat does not kill a node. */
    Duration heartbeatInterval() {
        return ttl.dividedBy(5);
    }
}
