package org.parley.api.signalling;

/**
 * Client → server: the participant started or stopped sharing their screen (on the section their offer named as
 * {@code screenMid}). The server forwards the screen only while shared, and tells everyone.
 */
public record ShareScreen(boolean sharing) implements Message, Message.FromClient {
}
