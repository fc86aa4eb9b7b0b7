package org.parley.media.spi;

import java.util.List;

/**
 * One payload type.
 *
 * @param mimeSubtype  e.g. {@code opus}, {@code VP8}, {@code H264}, {@code rtx}
 * @param channels     audio channels (2 for Opus), 0 for video
 * @param fmtp         the format parameters as in SDP {@code a=fmtp}, or empty
 * @param rtcpFeedback feedback types as in SDP {@code a=rtcp-fb}, e.g. {@code nack}, {@code nack pli}, {@code ccm fir}
 */
public record RtpCodec(int payloadType, String mimeSubtype, int clockRate, int channels, String fmtp,
                       List<String> rtcpFeedback) {
    public RtpCodec {
        fmtp = fmtp == null ? "" : fmtp;
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    public boolean isRtx() {
        return mimeSubtype.equalsIgnoreCase("rtx");
    }
}
