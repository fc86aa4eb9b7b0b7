package org.parley.api.signalling;

/**
 * Client → server: the media connection failed or the network changed; the server answers with an {@link Offer}
 * carrying new ICE credentials (an ICE restart; DTLS and SRTP carry on).
 */
public record RestartIce() implements Message, Message.FromClient {
}
