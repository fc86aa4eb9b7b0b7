package org.parley.media.spi;

/**
 * An ICE candidate in neutral form (component 1 only: rtcp-mux is required).
 *
 * @param type    host, srflx, prflx or relay
 * @param tcpType for TCP candidates (RFC 6544): active, passive or so; null for UDP
 */
public record IceCandidate(String foundation, long priority, String protocol, String address, int port, String type,
                           String tcpType) {

    /** A UDP candidate. */
    public IceCandidate(String foundation, long priority, String protocol, String address, int port, String type) {
        this(foundation, priority, protocol, address, port, type, null);
    }
}
