package org.parley.api.signalling;

/** Server → client: someone entered the room. */
public record ParticipantJoined(Participant participant) implements Message {}
