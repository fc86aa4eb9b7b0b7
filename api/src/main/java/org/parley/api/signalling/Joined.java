package org.parley.api.signalling;

import jakarta.json.bind.annotation.JsonbCreator;
import java.util.List;

/**
 * Server → client: the join succeeded; {@code participants} are the others on the room's stage.
 *
 * @param resumeToken secret that lets this participant rejoin as themselves after a lost connection
 * @param resumed     true when this join resumed an earlier session (the server kept its media)
 * @param audience    how many others are present in the room's audience (see {@link Audience}); not listed
 */
public record Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                     String resumeToken, boolean resumed, int audience) implements Message {

    /** The one JSON-B builds from (a record with two constructors must say which); audience may be absent (0). */
    @JsonbCreator
    public Joined {
    }

    /** A room without an audience. */
    public Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                  String resumeToken, boolean resumed) {
        this(roomId, participantId, isHost, participants, resumeToken, resumed, 0);
    }
}
