package org.parley.api.signalling;

/** Server → client: someone left the room; their tiles go away. */
public record ParticipantLeft(String participantId) implements Message {}
