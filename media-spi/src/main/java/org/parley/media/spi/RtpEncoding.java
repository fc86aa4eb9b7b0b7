package org.parley.media.spi;

/**
 * One RTP stream of a track.
 *
 * @param ssrc    its SSRC; for a producer, 0 when it was announced without one (see {@link RtpParameters#encodings})
 * @param rtxSsrc the SSRC of its retransmissions, or 0 when there is none or it is to be learned
 */
public record RtpEncoding(long ssrc, long rtxSsrc) {

    /** A stream announced without SSRCs, learned by the backend from its first packets. */
    public static RtpEncoding unsignalled() {
        return new RtpEncoding(0, 0);
    }

    public boolean isSignalled() {
        return ssrc != 0;
    }
}
