package org.parley.api.signalling;

/** A participant as other participants see them. Their media streams carry {@code id} as the SDP msid stream id. */
public record Participant(String id, String displayName, boolean isHost) {}
