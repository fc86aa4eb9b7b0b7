package org.parley.api.signalling;

import java.util.List;

/**
 * A STUN or TURN server the browser may use to reach the media server, in the shape of WebRTC's {@code RTCIceServer}:
 * the page passes it to {@code RTCPeerConnection} as it is.
 *
 * @param urls       {@code stun:}, {@code turn:} or {@code turns:} URLs of one server (RFC 7064, RFC 7065)
 * @param username   for TURN: {@code <unix expiry seconds>:<participantId>}; null (absent in JSON) for STUN
 * @param credential for TURN: the password that goes with {@code username}; null (absent in JSON) for STUN
 */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }

    /** STUN servers: no credentials. */
    public static IceServer stun(List<String> urls) {
        return new IceServer(urls, null, null);
    }
}
