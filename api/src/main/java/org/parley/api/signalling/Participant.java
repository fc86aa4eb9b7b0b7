package org.parley.api.signalling;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * A participant as other participants see them. Their microphone and camera come in the SDP msid stream {@code id},
 * their screen in the stream {@code id + "~screen"}.
 *
 * @param isPresent     false while they are away (connection lost, expected back)
 * @param sharingScreen whether their screen is being shared (its stream carries frames only then)
 */
public record Participant(String id, String displayName, boolean isHost, boolean isPresent,
                          boolean audioMuted, boolean videoMuted, boolean sharingScreen) {

    /** The suffix of the msid stream id a participant's screen comes in. */
    public static final String SCREEN_STREAM_SUFFIX = "~screen";

    /** The one JSON-B builds from (a record with two constructors must say which). */
    @JsonbCreator
    public Participant {
    }

    /** Someone not sharing their screen. */
    public Participant(String id, String displayName, boolean isHost, boolean isPresent, boolean audioMuted,
                       boolean videoMuted) {
        this(id, displayName, isHost, isPresent, audioMuted, videoMuted, false);
    }
}
