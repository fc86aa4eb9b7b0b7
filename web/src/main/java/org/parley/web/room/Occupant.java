package org.parley.web.room;

import org.parley.media.spi.MediaKind;

/**
 * Someone in a room. {@code isPresent} is false while they are away (connection lost, expected back); the muted
 * flags say which of their tracks the server is not forwarding; {@code sharingScreen} whether their screen is;
 * {@code inAudience} that they came when the room's stage was full: the others count them rather than hear of them;
 * {@code node} which signalling node holds them (see {@link PresenceIndex}; null in records written before it).
 */
public record Occupant(String participantId, String displayName, boolean isHost, boolean isPresent,
                       boolean audioMuted, boolean videoMuted, boolean sharingScreen, boolean inAudience, String node) {

    /** Someone held by no known node. */
    public Occupant(String participantId, String displayName, boolean isHost, boolean isPresent, boolean audioMuted,
                    boolean videoMuted, boolean sharingScreen, boolean inAudience) {
        this(participantId, displayName, isHost, isPresent, audioMuted, videoMuted, sharingScreen, inAudience, null);
    }

    /** Someone on the stage. */
    public Occupant(String participantId, String displayName, boolean isHost, boolean isPresent, boolean audioMuted,
                    boolean videoMuted, boolean sharingScreen) {
        this(participantId, displayName, isHost, isPresent, audioMuted, videoMuted, sharingScreen, false);
    }

    /** Someone not sharing their screen. */
    public Occupant(String participantId, String displayName, boolean isHost, boolean isPresent, boolean audioMuted,
                    boolean videoMuted) {
        this(participantId, displayName, isHost, isPresent, audioMuted, videoMuted, false);
    }

    /** A newcomer: present, nothing muted, nothing shared. */
    public static Occupant arriving(String participantId, String displayName, boolean isHost, boolean inAudience,
                                    String node) {
        return new Occupant(participantId, displayName, isHost, true, false, false, false, inAudience, node);
    }

    public Occupant withPresent(boolean present) {
        return new Occupant(participantId, displayName, isHost, present, audioMuted, videoMuted, sharingScreen, inAudience,
                node);
    }

    /** Held by {@code holder} now. */
    public Occupant heldBy(String holder) {
        return new Occupant(participantId, displayName, isHost, isPresent, audioMuted, videoMuted, sharingScreen,
                inAudience, holder);
    }

    public Occupant withMuted(MediaKind kind, boolean muted) {
        return kind == MediaKind.AUDIO
                ? new Occupant(participantId, displayName, isHost, isPresent, muted, videoMuted, sharingScreen, inAudience,
                        node)
                : new Occupant(participantId, displayName, isHost, isPresent, audioMuted, muted, sharingScreen, inAudience,
                        node);
    }

    public Occupant withSharingScreen(boolean sharing) {
        return new Occupant(participantId, displayName, isHost, isPresent, audioMuted, videoMuted, sharing, inAudience,
                node);
    }

    /** Counted in the room's audience now: in it, and present. */
    public boolean watchesFromAudience() {
        return inAudience && isPresent;
    }

    public boolean isMuted(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioMuted : videoMuted;
    }
}
