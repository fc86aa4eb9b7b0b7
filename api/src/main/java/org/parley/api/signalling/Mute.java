package org.parley.api.signalling;

/**
 * Client → server: the participant muted or unmuted their own microphone ({@code kind} "audio") or camera
 * ("video"). The server stops forwarding that track while muted and tells everyone.
 */
public record Mute(String kind, boolean muted) implements Message, Message.FromClient {
}
