package org.parley.media.spi;

/** A negotiated RTP header extension (RFC 8285): its URI and the id used on the wire. */
public record RtpHeaderExtension(int id, String uri) {

    /** The MID extension (RFC 8843 §15.2): names the media section of a stream announced without SSRCs. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
}
