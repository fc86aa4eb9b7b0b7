package org.parley.api.signalling;

import jakarta.json.bind.annotation.JsonbCreator;
import java.util.List;

/**
 * Server → client: the join succeeded; {@code participants} are the others on the room's stage.
 *
 * @param resumeToken secret that lets this participant rejoin as themselves after a lost connection
 * @param resumed     true when this join resumed an earlier session (the server kept its media)
 * @param audience    how many others are present in the room's audience (see {@link Audience}); not listed
 * @param iceServers  STUN and TURN servers for this participant's peer connection, with TURN credentials issued for
 *                    this join (fresh on every resume); empty when none are configured
 */
public record Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                     String resumeToken, boolean resumed, int audience, List<IceServer> iceServers) implements Message {

    /** The one JSON-B builds from (a record with several constructors must say which); absent fields: 0, none. */
    @JsonbCreator
    public Joined {
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }

    /** No STUN or TURN servers. */
    public Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                  String resumeToken, boolean resumed, int audience) {
        this(roomId, participantId, isHost, participants, resumeToken, resumed, audience, List.of());
    }

    /** A room without an audience, and no STUN or TURN servers. */
    public Joined(String roomId, String participantId, boolean isHost, List<Participant> participants,
                  String resumeToken, boolean resumed) {
        this(roomId, participantId, isHost, participants, resumeToken, resumed, 0);
    }
}
