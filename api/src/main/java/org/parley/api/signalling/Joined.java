package org.parley.api.signalling;

import java.util.List;

/**
 * Server → client: the join succeeded; {@code participants} are the others in the room.
 *
 * @param resumeToken secret that lets this participant rejoin as themselves after a lost connection
 * @param resumed     true when this join resumed an earlier session (the server kept its media)
 */
public record Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                     String resumeToken, boolean resumed) implements Message {
}
