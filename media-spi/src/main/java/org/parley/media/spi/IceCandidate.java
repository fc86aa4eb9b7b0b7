package org.parley.media.spi;

/**
 * An ICE candidate in neutral form (component 1 only: rtcp-mux is required).
 *
 * @param type host, srflx, prflx or relay
 */
public record IceCandidate(String foundation, long priority, String protocol, String address, int port, String type) {}
