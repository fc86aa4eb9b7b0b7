package org.parley.api.signalling;

/** Either direction: the SDP answer to the last offer received. */
public record Answer(String sdp) implements Message, Message.FromClient {}
