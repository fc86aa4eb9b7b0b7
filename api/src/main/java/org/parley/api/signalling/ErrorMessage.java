package org.parley.api.signalling;

/** Server → client: the last message (or the session) failed; {@code message} is meant for people. */
public record ErrorMessage(ErrorCode code, String message) implements Message {}
