package org.parley.api.signalling;

/** Client → server, host only: end the meeting for everyone; the room cannot be joined again. */
public record EndMeeting() implements Message, Message.FromClient {}
