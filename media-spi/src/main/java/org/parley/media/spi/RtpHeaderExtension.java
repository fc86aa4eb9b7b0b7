package org.parley.media.spi;

/** A negotiated RTP header extension (RFC 8285): its URI and the id used on the wire. */
public record RtpHeaderExtension(int id, String uri) {}
