package org.parley.api.signalling;

/** Server → client: the host ended the meeting; the server closes the socket next (close code 4002). */
public record MeetingEnded() implements Message {}
