package org.parley.api.signalling;

import java.util.List;

/** Server → client: the join succeeded; {@code participants} are the others already present. */
public record Joined(String roomId, String participantId, boolean isHost, List<Participant> participants)
        implements Message {}
