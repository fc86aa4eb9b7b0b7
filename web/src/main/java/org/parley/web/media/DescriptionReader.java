package org.parley.web.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ProtocolException;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.IceCandidate;
import org.parley.media.spi.IceParameters;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.web.sdp.MediaDescription;
import org.parley.web.sdp.SdpParseException;
import org.parley.web.sdp.SdpParser;
import org.parley.web.sdp.SessionDescription;

/**
 * Reads a browser's offer or answer. Every problem becomes an error that names it: INVALID_SDP, or a more specific
 * code where the client can do something about it (UNSUPPORTED_FINGERPRINT, TOO_MANY_STREAMS).
 */
final class DescriptionReader {

    /**
     * SSRCs one media section may announce: three simulcast layers with RTX need six, FEC one more. Beyond this a
     * section is refused, so that no peer makes the server hold (or write key frame requests for) streams by the
     * hundred.
     */
    static final int MAX_SSRCS_PER_SECTION = 16;

    /** Simulcast layers one section may offer: browsers send three. */
    static final int MAX_LAYERS = 4;

    private DescriptionReader() {
    }

    static RemoteDescription read(String sdp) throws ProtocolException {
        SessionDescription session;
        try {
            session = SdpParser.parse(sdp);
        } catch (SdpParseException e) {
            throw invalid(e.getMessage());
        }
        if (session.media().isEmpty()) {
            throw invalid("The SDP has no media sections.");
        }
        List<RemoteSection> sections = new ArrayList<>();
        List<String> bundle = bundledMids(session);
        for (MediaDescription m : session.media()) {
            sections.add(readSection(m, bundle));
        }
        checkBundle(bundle, sections);
        // The transport is the BUNDLE-tagged section's (the first mid of the group, RFC 8843 §7): its credentials
        // and candidates; without a group, the first section not rejected.
        MediaDescription transportSection = session.media().stream()
                .filter(m -> m.port() != 0 && (bundle.isEmpty() || m.mid().map(bundle.get(0)::equals).orElse(false)))
                .findFirst()
                .or(() -> session.media().stream().filter(m -> m.port() != 0).findFirst())
                .orElseThrow(() -> invalid("Every media section is rejected (port 0)."));
        List<IceCandidate> candidates = new ArrayList<>();
        for (String line : transportSection.attributes("candidate")) {
            IceCandidates.parse(line).ifPresent(candidates::add);
        }
        String ufrag = session.attributeAnyLevel(transportSection, "ice-ufrag")
                .orElseThrow(() -> invalid("The SDP has no a=ice-ufrag."));
        String pwd = session.attributeAnyLevel(transportSection, "ice-pwd")
                .orElseThrow(() -> invalid("The SDP has no a=ice-pwd."));
        String fingerprint = session.attributeAnyLevel(transportSection, "fingerprint")
                .orElseThrow(() -> invalid("The SDP has no a=fingerprint: DTLS-SRTP is required."));
        String[] hashAndValue = fingerprint.trim().split(" ");
        if (hashAndValue.length != 2 || !hashAndValue[1].matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+")) {
            throw invalid("The a=fingerprint line is malformed.");
        }
        DtlsFingerprint dtlsFingerprint = new DtlsFingerprint(hashAndValue[0], hashAndValue[1]);
        if (!dtlsFingerprint.hasAcceptedAlgorithm()) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_FINGERPRINT, "The a=fingerprint uses "
                    + dtlsFingerprint.algorithm() + "; Parley accepts sha-256, sha-384 or sha-512, as browsers use.");
        }
        String setup = session.attributeAnyLevel(transportSection, "setup").orElse("actpass");
        return new RemoteDescription(new IceParameters(ufrag, pwd), dtlsFingerprint, setup, sections, candidates);
    }

    /**
     * A BUNDLE group names only mids that exist, and within it one payload type means one codec: the sections share a
     * transport, so a packet's payload type is all that tells its codec.
     */
    private static void checkBundle(List<String> bundle, List<RemoteSection> sections) throws ProtocolException {
        Map<Integer, String> codecOf = new LinkedHashMap<>();
        Map<Integer, String> sectionOf = new LinkedHashMap<>();
        for (String mid : bundle) {
            RemoteSection section = sections.stream().filter(s -> s.mid().equals(mid)).findFirst()
                    .orElseThrow(() -> invalid("The BUNDLE group names mid '" + mid + "', which no media section has."));
            if (section.rejectedByBrowser()) {
                continue;
            }
            for (RtpCodec codec : section.codecs()) {
                String name = lower(codec.mimeSubtype()) + "/" + codec.clockRate()
                        + (codec.channels() > 0 ? "/" + codec.channels() : "");
                String earlier = codecOf.putIfAbsent(codec.payloadType(), name);
                if (earlier != null && !earlier.equals(name)) {
                    throw invalid("Payload type " + codec.payloadType() + " is " + earlier + " in section '"
                            + sectionOf.get(codec.payloadType()) + "' and " + name + " in section '" + mid
                            + "': in one BUNDLE group a payload type must mean one codec.");
                }
                sectionOf.putIfAbsent(codec.payloadType(), mid);
            }
        }
    }

    /** The mids of the first BUNDLE group (RFC 8843), empty when there is none. */
    private static List<String> bundledMids(SessionDescription session) {
        return session.attribute("group").filter(g -> g.startsWith("BUNDLE"))
                .map(g -> List.of(g.substring("BUNDLE".length()).trim().split("\\s+"))).orElse(List.of());
    }

    private static RemoteSection readSection(MediaDescription m, List<String> bundle) throws ProtocolException {
        String mid = m.mid().orElseThrow(() -> invalid("A media section has no a=mid (Unified Plan with BUNDLE is required)."));
        String direction = m.hasFlag("sendrecv") ? "sendrecv" : m.hasFlag("sendonly") ? "sendonly"
                : m.hasFlag("recvonly") ? "recvonly" : m.hasFlag("inactive") ? "inactive" : "sendrecv";
        List<RtpCodec> codecs = readCodecs(m);
        List<RtpHeaderExtension> extensions = new ArrayList<>();
        for (String extmap : m.attributes("extmap")) {
            String[] parts = extmap.split(" ");
            if (parts.length >= 2) {
                extensions.add(new RtpHeaderExtension(parseInt(parts[0].split("/", 2)[0], "extmap id"), parts[1]));
            }
        }
        Ssrcs ssrcs = readSsrcs(m, mid);
        // Port 0 with a=bundle-only is a section that shares the BUNDLE transport (what max-bundle offers, RFC 8843
        // §6), not a rejected one.
        boolean bundled = bundle.contains(mid);
        boolean bundleOnly = m.hasFlag("bundle-only") && bundled;
        return new RemoteSection(mid, m.kind(), m.port(), bundled, bundleOnly, m.protocol(), m.formats(), direction, codecs,
                extensions, ssrcs.encodings(), ssrcs.streamId(), ssrcs.trackId(), ssrcs.cname(),
                m.hasFlag("rtcp-rsize"), sendRids(m, mid));
    }

    /**
     * The rids offered for sending (RFC 8851 {@code a=rid:<id> send}), ordered as {@code a=simulcast:send} lists them
     * (RFC 8853; the first of each alternative, paused ones included); a rid the simulcast line does not name is
     * left out.
     */
    private static List<String> sendRids(MediaDescription m, String mid) throws ProtocolException {
        Set<String> declared = new LinkedHashSet<>();
        for (String rid : m.attributes("rid")) {
            String[] parts = rid.trim().split("\\s+");
            if (parts.length < 2 || !parts[0].matches("[A-Za-z0-9_-]{1,16}")) {
                throw invalid("Malformed a=rid:" + rid + " in media section '" + mid + "'.");
            }
            if (parts[1].equals("send")) {
                declared.add(parts[0]);
            }
        }
        Optional<String> simulcast = m.attribute("simulcast");
        if (declared.isEmpty() || simulcast.isEmpty()) {
            return List.of();
        }
        String[] directions = simulcast.get().trim().split("\\s+");
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i + 1 < directions.length; i += 2) {
            if (!directions[i].equals("send")) {
                continue;
            }
            for (String alternatives : directions[i + 1].split(";")) {
                String first = alternatives.split(",", 2)[0].replaceFirst("^~", "");
                if (declared.contains(first) && !ordered.contains(first)) {
                    ordered.add(first);
                }
            }
        }
        if (ordered.size() > MAX_LAYERS) {
            throw new ProtocolException(ErrorCode.TOO_MANY_STREAMS, "Media section '" + mid + "' offers "
                    + ordered.size() + " simulcast layers; Parley takes at most " + MAX_LAYERS + ".");
        }
        return List.copyOf(ordered);
    }

    private static List<RtpCodec> readCodecs(MediaDescription m) throws ProtocolException {
        Map<Integer, String[]> rtpmaps = new LinkedHashMap<>();
        for (String rtpmap : m.attributes("rtpmap")) {
            String[] idAndCodec = rtpmap.split(" ", 2);
            if (idAndCodec.length != 2) {
                throw invalid("Malformed a=rtpmap:" + rtpmap);
            }
            rtpmaps.put(parseInt(idAndCodec[0], "payload type"), idAndCodec[1].split("/"));
        }
        Map<Integer, String> fmtps = new LinkedHashMap<>();
        for (String fmtp : m.attributes("fmtp")) {
            String[] idAndParams = fmtp.split(" ", 2);
            fmtps.put(parseInt(idAndParams[0], "payload type"), idAndParams.length == 2 ? idAndParams[1] : "");
        }
        Map<String, List<String>> feedback = new LinkedHashMap<>();
        for (String fb : m.attributes("rtcp-fb")) {
            String[] idAndType = fb.split(" ", 2);
            if (idAndType.length == 2) {
                feedback.computeIfAbsent(idAndType[0], k -> new ArrayList<>()).add(idAndType[1]);
            }
        }
        List<RtpCodec> codecs = new ArrayList<>();
        if (!m.kind().equals("audio") && !m.kind().equals("video")) {
            return codecs;
        }
        for (String format : m.formats()) {
            int payloadType = parseInt(format, "payload type");
            String[] codec = rtpmaps.get(payloadType);
            if (codec == null || codec.length < 2) {
                continue; // static payload types without rtpmap (PCMU...) are not forwarded anyway
            }
            List<String> fb = new ArrayList<>(feedback.getOrDefault(format, List.of()));
            fb.addAll(feedback.getOrDefault("*", List.of()));
            codecs.add(new RtpCodec(payloadType, codec[0], parseInt(codec[1], "clock rate"),
                    codec.length > 2 ? parseInt(codec[2], "channels") : 0, fmtps.get(payloadType), fb));
        }
        return codecs;
    }

    private record Ssrcs(List<RtpEncoding> encodings, String streamId, String trackId, String cname) {}

    private static Ssrcs readSsrcs(MediaDescription m, String mid) throws ProtocolException {
        Map<Long, Long> rtxOf = new LinkedHashMap<>();
        for (String group : m.attributes("ssrc-group")) {
            String[] parts = group.split(" ");
            if (parts.length == 3 && parts[0].equals("FID")) {
                rtxOf.put(parseSsrc(parts[1]), parseSsrc(parts[2]));
            }
        }
        Set<Long> ssrcs = new LinkedHashSet<>();
        String cname = null;
        String msid = null;
        for (String line : m.attributes("ssrc")) {
            String[] idAndAttribute = line.split(" ", 2);
            long ssrc = parseSsrc(idAndAttribute[0]);
            ssrcs.add(ssrc);
            if (idAndAttribute.length == 2 && idAndAttribute[1].startsWith("cname:")) {
                cname = idAndAttribute[1].substring(6);
            }
            if (idAndAttribute.length == 2 && idAndAttribute[1].startsWith("msid:")) {
                msid = idAndAttribute[1].substring(5);
            }
        }
        if (ssrcs.size() > MAX_SSRCS_PER_SECTION) {
            throw new ProtocolException(ErrorCode.TOO_MANY_STREAMS, "Media section '" + mid + "' announces "
                    + ssrcs.size() + " SSRCs; a section may carry at most " + MAX_SSRCS_PER_SECTION
                    + " (three simulcast layers with RTX need six).");
        }
        msid = Optional.ofNullable(msid).or(() -> m.attribute("msid")).filter(id -> !id.isBlank()).orElse("- -");
        String[] streamAndTrack = msid.split(" ");
        List<RtpEncoding> encodings = new ArrayList<>();
        for (long ssrc : ssrcs) {
            if (!rtxOf.containsValue(ssrc)) {
                encodings.add(new RtpEncoding(ssrc, rtxOf.getOrDefault(ssrc, 0L)));
            }
        }
        return new Ssrcs(encodings, streamAndTrack[0], streamAndTrack.length > 1 ? streamAndTrack[1] : "-", cname);
    }

    private static long parseSsrc(String text) throws ProtocolException {
        try {
            long ssrc = Long.parseLong(text);
            if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
                throw invalid("SSRC out of range: " + text);
            }
            return ssrc;
        } catch (NumberFormatException e) {
            throw invalid("'" + text + "' is not an SSRC.");
        }
    }

    private static int parseInt(String text, String what) throws ProtocolException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("'" + text + "' is not a valid " + what + ".");
        }
    }

    static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_SDP, message);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
