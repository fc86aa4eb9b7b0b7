package org.parley.web.media;

import java.util.List;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;

/**
 * What a browser described in one media section, in neutral terms.
 *
 * @param kind       {@code audio}, {@code video}, {@code application}, ...
 * @param bundled    named in the BUNDLE group: it can share the participant's one transport
 * @param bundleOnly port 0 with {@code a=bundle-only} in the BUNDLE group: on the shared transport, not rejected
 * @param direction  the browser's direction: sendrecv, sendonly, recvonly or inactive
 * @param formats    the m-line's format list, echoed when the section is rejected
 * @param reducedSizeRtcp whether the browser offered {@code a=rtcp-rsize}
 * @param sendRids   the simulcast layers the browser offers to send ({@code a=rid:… send}, in {@code a=simulcast}
 *                   order, which browsers and Parley's page give lowest first); empty without simulcast
 */
record RemoteSection(
        String mid,
        String kind,
        int port,
        boolean bundled,
        boolean bundleOnly,
        String protocol,
        List<String> formats,
        String direction,
        List<RtpCodec> codecs,
        List<RtpHeaderExtension> headerExtensions,
        List<RtpEncoding> encodings,
        String streamId,
        String trackId,
        String cname,
        boolean reducedSizeRtcp,
        List<String> sendRids) {

    boolean isRtp() {
        return (kind.equals("audio") || kind.equals("video")) && protocol.contains("RTP/SAVPF");
    }

    /** Whether the browser itself rejected or stopped this section (port 0, and not merely bundle-only). */
    boolean rejectedByBrowser() {
        return port == 0 && !bundleOnly;
    }

    boolean browserSends() {
        return direction.equals("sendrecv") || direction.equals("sendonly");
    }
}
