package org.parley.media.jvb.transport.ice;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ICE sessions a port answers for, by the server's ufrag (the first half of a check's USERNAME). Sessions are
 * registered when they are created, never because of a datagram.
 */
final class SessionsByUfrag {

    private final ConcurrentHashMap<String, StunSession> byUfrag = new ConcurrentHashMap<>();

    void register(String ufrag, StunSession session) {
        if (byUfrag.putIfAbsent(ufrag, session) != null) {
            throw new IllegalStateException("ICE ufrag already in use: " + ufrag);
        }
    }

    void unregister(String ufrag, StunSession session) {
        byUfrag.remove(ufrag, session);
    }

    /**
     * The session a binding request (already read into {@code scratch}) names, or null for a malformed request or an
     * unknown ufrag.
     */
    StunSession lookUp(byte[] bytes, int offset, int length, StunScratch scratch) {
        Stun.Request request = scratch.request;
        int ufragLength;
        if (!Stun.readBindingRequest(bytes, offset, length, request) || (ufragLength = request.localUfragLength(bytes)) <= 0) {
            return null;
        }
        return byUfrag.get(new String(bytes, request.usernameAt(), ufragLength, StandardCharsets.ISO_8859_1));
    }
}
