package org.parley.api.signalling;

/** Server → client: the host muted this participant's {@code kind} ("audio"); the server already stopped forwarding it. */
public record MutedByHost(String kind) implements Message {
}
