package org.parley.api.signalling;

/** Client → server: leave the room now. */
public record Leave() implements Message, Message.FromClient {}
