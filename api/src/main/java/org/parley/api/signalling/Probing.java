package org.parley.api.signalling;

import java.util.List;

/**
 * Server → client: the probe may go on; {@code iceServers} as in {@link Joined}. Send an {@code offer} now; the probe
 * ends when the socket closes, or after {@code seconds} at most.
 */
public record Probing(List<IceServer> iceServers, int seconds) implements Message {

    public Probing {
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }
}
