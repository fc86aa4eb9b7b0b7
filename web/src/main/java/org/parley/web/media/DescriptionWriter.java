package org.parley.web.media;

import java.util.ArrayList;
import java.util.List;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.web.sdp.Attribute;
import org.parley.web.sdp.MediaDescription;
import org.parley.web.sdp.SdpWriter;
import org.parley.web.sdp.SessionDescription;

/**
 * Writes the server's description of a participant's session (answer or offer): every section BUNDLEd on one
 * transport, rtcp-mux, the server never trickling (its candidates are in the SDP). The server is always the DTLS
 * server: its answers say {@code a=setup:passive}; its offers say {@code a=setup:actpass}, as RFC 8842 requires of
 * every offer, and the browser's answer then takes the active role.
 */
final class DescriptionWriter {

    /** Where a publisher's browser starts its estimate of its uplink (see {@link #withStartBitrate}). */
    static final int PUBLISHER_START_KBPS = 1000;

    private static final String RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF";

    private DescriptionWriter() {
    }

    record Transport(boolean iceLite, IceParameters ice, DtlsFingerprint fingerprint, List<IceCandidate> candidates) {}

    static String write(String sessionId, long version, boolean offer, List<LocalSection> sections, Transport transport) {
        List<String> bundle = sections.stream().filter(s -> s.role != LocalSection.Role.REJECTED).map(s -> s.mid).toList();
        List<Attribute> session = new ArrayList<>();
        if (!bundle.isEmpty()) {
            session.add(new Attribute("group", "BUNDLE " + String.join(" ", bundle)));
        }
        session.add(new Attribute("msid-semantic", " WMS *"));
        if (transport.iceLite()) {
            session.add(Attribute.flag("ice-lite")); // RFC 8839 §5.3: the browser is the controlling agent
        }
        List<MediaDescription> media = new ArrayList<>();
        boolean candidatesWritten = false;
        for (LocalSection section : sections) {
            if (section.role == LocalSection.Role.REJECTED) {
                media.add(new MediaDescription(section.kind, 0, section.protocol, section.rejectedFormats,
                        List.of(new Attribute("mid", section.mid))));
                continue;
            }
            List<Attribute> a = new ArrayList<>();
            a.add(new Attribute("mid", section.mid));
            a.add(new Attribute("ice-ufrag", transport.ice().usernameFragment()));
            a.add(new Attribute("ice-pwd", transport.ice().password()));
            a.add(new Attribute("fingerprint", transport.fingerprint().algorithm() + " " + transport.fingerprint().value()));
            a.add(new Attribute("setup", offer ? "actpass" : "passive"));
            if (!candidatesWritten) {
                transport.candidates().forEach(c -> a.add(new Attribute("candidate", IceCandidates.format(c))));
                a.add(Attribute.flag("end-of-candidates"));
                candidatesWritten = true;
            }
            a.add(Attribute.flag("rtcp-mux"));
            if (section.reducedSizeRtcp) {
                a.add(Attribute.flag("rtcp-rsize"));
            }
            a.add(Attribute.flag(section.direction()));
            if (section.role == LocalSection.Role.RECEIVE && !section.receiveRids.isEmpty()) {
                section.receiveRids.forEach(rid -> a.add(new Attribute("rid", rid + " recv")));
                a.add(new Attribute("simulcast", "recv " + String.join(";", section.receiveRids)));
            }
            for (RtpHeaderExtension extension : section.extensions) {
                a.add(new Attribute("extmap", extension.id() + " " + extension.uri()));
            }
            for (RtpCodec codec : section.codecs) {
                a.add(new Attribute("rtpmap", codec.payloadType() + " " + codec.mimeSubtype() + "/" + codec.clockRate()
                        + (codec.channels() > 0 ? "/" + codec.channels() : "")));
                String fmtp = section.role == LocalSection.Role.RECEIVE && section.kind.equals("video") && !codec.isRtx()
                        ? withStartBitrate(codec.fmtp()) : codec.fmtp();
                if (!fmtp.isEmpty()) {
                    a.add(new Attribute("fmtp", codec.payloadType() + " " + fmtp));
                }
                codec.rtcpFeedback().forEach(fb -> a.add(new Attribute("rtcp-fb", codec.payloadType() + " " + fb)));
            }
            if (section.role == LocalSection.Role.SEND) {
                // The publisher's stream: its participant id, or that id + "~screen" for a screen.
                writeSender(a, section.consumer.rtpParameters(), section.consumer.producer().rtpParameters().streamId());
            }
            List<String> formats = section.codecs.stream().map(c -> Integer.toString(c.payloadType())).toList();
            media.add(new MediaDescription(section.kind, 9, RTP_PROTOCOL, formats, a));
        }
        return SdpWriter.write(new SessionDescription(sessionId, version, session, media));
    }

    /**
     * libwebrtc starts its estimate of the publisher's uplink at 300 kbit/s and, when its first probes go unanswered
     * (which happens in some calls, for reasons not yet found), grows it by 8 % a second: the top simulcast layer
     * then starts 6–8 s after joining. Starting at {@value #PUBLISHER_START_KBPS} kbit/s brings it within a few
     * seconds; a slower uplink shows in the first feedback and brings the estimate down. Other browsers ignore it.
     */
    private static String withStartBitrate(String fmtp) {
        String start = "x-google-start-bitrate=" + PUBLISHER_START_KBPS;
        return fmtp.isEmpty() ? start : fmtp + ";" + start;
    }

    private static void writeSender(List<Attribute> a, RtpParameters p, String streamId) {
        String msid = streamId + " " + p.trackId();
        a.add(new Attribute("msid", msid));
        for (RtpEncoding encoding : p.encodings()) {
            if (encoding.rtxSsrc() != 0) {
                a.add(new Attribute("ssrc-group", "FID " + encoding.ssrc() + " " + encoding.rtxSsrc()));
            }
        }
        for (RtpEncoding encoding : p.encodings()) {
            ssrc(a, encoding.ssrc(), p, msid);
            if (encoding.rtxSsrc() != 0) {
                ssrc(a, encoding.rtxSsrc(), p, msid);
            }
        }
    }

    private static void ssrc(List<Attribute> a, long ssrc, RtpParameters p, String msid) {
        a.add(new Attribute("ssrc", ssrc + " cname:" + (p.cname() == null ? p.streamId() : p.cname())));
        a.add(new Attribute("ssrc", ssrc + " msid:" + msid));
    }
}
