package org.parley.media.spi;

import java.util.List;
import java.util.Objects;

/**
 * What one track's RTP looks like on the wire.
 *
 * @param codecs           payload types in preference order, media codecs and their RTX entries
 * @param encodings        the SSRCs of the track (one today; more with simulcast). For a producer, an encoding with
 *                         SSRC 0 was announced without one (no {@code a=ssrc}): the backend learns it, and its RTX
 *                         SSRC, from the first packets that carry {@link #mid} in the MID header extension.
 * @param headerExtensions header extensions in use and their ids
 * @param streamId         the media stream the track belongs to (SDP msid), the participant id for consumers
 * @param trackId          the track id within that stream
 * @param cname            the RTCP canonical name of the sender
 * @param mid              the publisher's media section ({@code a=mid}), or "" when not known
 */
public record RtpParameters(
        MediaKind kind,
        List<RtpCodec> codecs,
        List<RtpEncoding> encodings,
        List<RtpHeaderExtension> headerExtensions,
        String streamId,
        String trackId,
        String cname,
        String mid) {

    public RtpParameters {
        codecs = List.copyOf(codecs);
        encodings = List.copyOf(encodings);
        headerExtensions = List.copyOf(headerExtensions);
        mid = Objects.requireNonNullElse(mid, "");
    }

    /** A track whose media section is not known (every encoding has its SSRC). */
    public RtpParameters(MediaKind kind, List<RtpCodec> codecs, List<RtpEncoding> encodings,
                         List<RtpHeaderExtension> headerExtensions, String streamId, String trackId, String cname) {
        this(kind, codecs, encodings, headerExtensions, streamId, trackId, cname, "");
    }
}
