package org.parley.api.signalling;

/**
 * Client → server, on {@code /ws/probe} only: "test my connection" before joining. With a valid invitation to
 * {@code roomId} the server answers {@link Probing} and then takes one {@code offer} and its {@code candidate}s for a
 * media connection that reaches nobody; the page judges how (and whether) it connects. Nobody joins the room.
 */
public record Probe(String roomId, String token) implements Message, Message.FromClient {
}
