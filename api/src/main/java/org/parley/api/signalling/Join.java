package org.parley.api.signalling;

/**
 * Client → server, first message on a socket: enter {@code roomId}.
 *
 * @param token       the invitation token from the join URL
 * @param resumeToken from an earlier {@link Joined}: come back as the same participant after a lost connection
 *                    (null for a fresh join)
 */
public record Join(String roomId, String token, String displayName, String resumeToken)
        implements Message, Message.FromClient {
}
