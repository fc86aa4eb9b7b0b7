package org.parley.web.room;

/**
 * Which signalling node holds each occupant (their socket, or the timer of their absence), recorded on the occupant
 * and in the node's own index, so that when a node dies without a word (killed, a lost machine) another node finds
 * its occupants and takes them over: away, then gone unless they come back (see {@code cluster.PresenceReaper}).
 */
public interface PresenceIndex {

    /** A process on its own, whose occupants nobody else could take over (unit tests). */
    PresenceIndex NONE = new Unindexed("local");

    /** A node that names itself on its occupants and keeps no index (unit tests, a process on its own). */
    record Unindexed(String nodeId) implements PresenceIndex {
        @Override
        public void held(String roomId, String participantId) {}

        @Override
        public void released(String roomId, String participantId) {}
    }

    /** This node's id, written on the occupants it holds. */
    String nodeId();

    /** This node now holds the occupant. Never blocks on the network. */
    void held(String roomId, String participantId);

    /** The occupant left, or moved to another node. Never blocks on the network. */
    void released(String roomId, String participantId);
}
