package org.parley.web.room;

import org.parley.media.spi.MediaKind;

/**
 * Someone in a room. {@code isPresent} is false while they are away (connection lost, expected back); the muted
 * flags say which of their tracks the server is not forwarding.
 */
public record Occupant(String participantId, String displayName, boolean isHost, boolean isPresent,
                       boolean audioMuted, boolean videoMuted) {

    /** A newcomer: present, nothing muted. */
    public static Occupant arriving(String participantId, String displayName, boolean isHost) {
        return new Occupant(participantId, displayName, isHost, true, false, false);
    }

    public Occupant withPresent(boolean present) {
        return new Occupant(participantId, displayName, isHost, present, audioMuted, videoMuted);
    }

    public Occupant withMuted(MediaKind kind, boolean muted) {
        return kind == MediaKind.AUDIO
                ? new Occupant(participantId, displayName, isHost, isPresent, muted, videoMuted)
                : new Occupant(participantId, displayName, isHost, isPresent, audioMuted, muted);
    }

    public boolean isMuted(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioMuted : videoMuted;
    }
}
