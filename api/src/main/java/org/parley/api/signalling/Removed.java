package org.parley.api.signalling;

/** Server → client: the host removed this participant; the server closes the socket next (close code 4003). */
public record Removed() implements Message {}
