package org.parley.media.spi;

import java.util.List;

/**
 * What one track's RTP looks like on the wire.
 *
 * @param codecs           payload types in preference order, media codecs and their RTX entries
 * @param encodings        the SSRCs of the track (one today; more with simulcast)
 * @param headerExtensions header extensions in use and their ids
 * @param streamId         the media stream the track belongs to (SDP msid), the participant id for consumers
 * @param trackId          the track id within that stream
 * @param cname            the RTCP canonical name of the sender
 */
public record RtpParameters(
        MediaKind kind,
        List<RtpCodec> codecs,
        List<RtpEncoding> encodings,
        List<RtpHeaderExtension> headerExtensions,
        String streamId,
        String trackId,
        String cname) {

    public RtpParameters {
        codecs = List.copyOf(codecs);
        encodings = List.copyOf(encodings);
        headerExtensions = List.copyOf(headerExtensions);
    }
}
