package org.parley.api.signalling;

/** Either direction: an SDP offer. The browser sends the first; the server sends later ones (renegotiation). */
public record Offer(String sdp) implements Message, Message.FromClient {}
