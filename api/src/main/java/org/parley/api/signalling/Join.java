package org.parley.api.signalling;

/**
 * Client → server, first message on a socket: enter {@code roomId}.
 *
 * @param token the invitation token from the join URL (may be null where the room needs none)
 */
public record Join(String roomId, String token, String displayName) implements Message, Message.FromClient {}
