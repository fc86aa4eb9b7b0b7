package org.parley.api.signalling;

/**
 * Either direction: a trickled ICE candidate, in the fields of {@code RTCIceCandidateInit}.
 * An empty or null {@code candidate} marks the end of candidates.
 */
public record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements Message, Message.FromClient {}
