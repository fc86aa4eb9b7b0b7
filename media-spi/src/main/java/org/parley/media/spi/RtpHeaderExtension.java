package org.parley.media.spi;

/** A negotiated RTP header extension (RFC 8285): its URI and the id used on the wire. */
public record RtpHeaderExtension(int id, String uri) {

    /** The MID extension (RFC 8843 §15.2): names the media section of a stream announced without SSRCs. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** The RTP stream id (RFC 8852): names a simulcast layer. */
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The repaired RTP stream id (RFC 8852): names the layer a retransmission stream repairs. */
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /**
     * The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01): numbers every packet
     * on one transport, for congestion control feedback. It belongs to one hop: never forwarded.
     */
    /** The sender's audio level (RFC 6464): how loud each packet is, for the room's dominant speaker. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
