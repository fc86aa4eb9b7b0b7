package org.parley.api.signalling;

/**
 * Server → client: {@code participantId} now speaks most in the room (from the audio levels the media node hears). The
 * page shows them large; sent to everyone each time it changes, and to a newcomer when it arrives.
 */
public record DominantSpeaker(String participantId) implements Message {}
