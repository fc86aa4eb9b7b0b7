package org.parley.api.signalling;

/** Server → client: someone's state changed (muted, unmuted, away, back). */
public record ParticipantUpdated(Participant participant) implements Message {
}
