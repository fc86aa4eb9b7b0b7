package org.parley.api.signalling;

/** Client → server, host only: mute another participant's microphone. Only they can unmute it. */
public record MuteParticipant(String participantId, String kind) implements Message, Message.FromClient {
}
