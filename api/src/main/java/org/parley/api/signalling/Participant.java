package org.parley.api.signalling;

/**
 * A participant as other participants see them. Their media streams carry {@code id} as the SDP msid stream id.
 *
 * @param isPresent false while they are away (connection lost, expected back)
 */
public record Participant(String id, String displayName, boolean isHost, boolean isPresent,
                          boolean audioMuted, boolean videoMuted) {
}
