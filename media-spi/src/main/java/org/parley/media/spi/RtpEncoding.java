package org.parley.media.spi;

import java.util.Objects;

/**
 * One RTP stream of a track: with simulcast, one per layer, lowest quality first.
 *
 * @param ssrc    its SSRC; for a producer, 0 when it was announced without one (see {@link RtpParameters#encodings})
 * @param rtxSsrc the SSRC of its retransmissions, or 0 when there is none or it is to be learned
 * @param rid     its RTP stream id ({@code a=rid}), or "" when the track has one stream; a producer's encodings
 *                with rids are learned from the RID header extension of their packets
 */
public record RtpEncoding(long ssrc, long rtxSsrc, String rid) {

    public RtpEncoding {
        rid = Objects.requireNonNullElse(rid, "");
    }

    public RtpEncoding(long ssrc, long rtxSsrc) {
        this(ssrc, rtxSsrc, "");
    }

    /** A stream announced without SSRCs, learned by the backend from its first packets. */
    public static RtpEncoding unsignalled() {
        return new RtpEncoding(0, 0, "");
    }

    /** A simulcast layer known by its rid, its SSRCs learned from its first packets. */
    public static RtpEncoding layer(String rid) {
        return new RtpEncoding(0, 0, rid);
    }

    public boolean isSignalled() {
        return ssrc != 0;
    }
}
