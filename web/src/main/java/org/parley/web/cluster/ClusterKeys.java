package org.parley.web.cluster;

/** The Redis keys and topics of the media cluster; part of Parley's documented storage layout. */
final class ClusterKeys {

    private ClusterKeys() {}

    /** Set of the ids of the cluster's nodes playing the media role (pruned of dead ones by whoever notices). */
    static String mediaNodes(String cluster) {
        return "parley:cluster:" + cluster + ":media-nodes";
    }

    /** String with a time to live, renewed by the node's heartbeat: its load (rooms hosted). Absent: the node is dead. */
    static String node(String nodeId) {
        return "parley:node:" + nodeId;
    }

    /** String: the id of the media node that hosts the room's media. */
    static String roomMediaNode(String roomId) {
        return "parley:room:" + roomId + ":media-node";
    }

    /**
     * String with a time to live: the participant's media was on a node that was drained, so wherever they resume
     * they must start it over (the room may have moved before they came back, which would not tell them).
     */
    static String mediaLost(String roomId, String participantId) {
        return "parley:room:" + roomId + ":media-lost:" + participantId;
    }

    /** Topic a media node listens on for signalling's requests. */
    static String mediaTopic(String nodeId) {
        return "parley:media-node:" + nodeId;
    }

    /** Topic a signalling node listens on for media nodes' replies. */
    static String signallingTopic(String nodeId) {
        return "parley:signalling-node:" + nodeId;
    }

    /** Topic of a room's signalling events (joins, leaves, mutes, host actions) between the cluster's processes. */
    static String roomEvents(String cluster, String roomId) {
        return "parley:cluster:" + cluster + ":room:" + roomId + ":events";
    }
}
