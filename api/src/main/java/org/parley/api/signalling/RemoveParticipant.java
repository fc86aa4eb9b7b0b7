package org.parley.api.signalling;

/** Client → server, host only: take {@code participantId} out of the meeting. */
public record RemoveParticipant(String participantId) implements Message, Message.FromClient {}
