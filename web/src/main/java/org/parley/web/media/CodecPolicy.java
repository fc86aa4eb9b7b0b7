package org.parley.web.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;

/**
 * What Parley forwards: Opus audio; VP8 and H.264 (packetization-mode 1) video, each with RTX. Feedback is limited to
 * what the server relays (NACK, PLI, FIR), and header extensions to those that survive forwarding with only their id
 * renumbered: a MID extension, for one, would name the publisher's m-section inside the subscriber's session.
 */
final class CodecPolicy {

    private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir");
    private static final Set<String> EXTENSIONS = Set.of(
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "urn:3gpp:video-orientation");
    private static final String PREFERRED_H264_PROFILE = "42e01f";

    private CodecPolicy() {
    }

    /** The codecs to accept from a publisher's section, best first; empty when none is usable. */
    static List<RtpCodec> acceptForReceiving(String kind, List<RtpCodec> offered) {
        List<RtpCodec> media = new ArrayList<>();
        if (kind.equals("audio")) {
            offered.stream().filter(c -> is(c, "opus") && c.clockRate() == 48000).findFirst().ifPresent(media::add);
        } else if (kind.equals("video")) {
            offered.stream().filter(c -> is(c, "VP8")).findFirst().ifPresent(media::add);
            h264(offered).ifPresent(media::add);
        }
        List<RtpCodec> accepted = new ArrayList<>();
        for (RtpCodec codec : media) {
            accepted.add(withFeedback(codec, kind));
            offered.stream().filter(c -> c.isRtx() && apt(c) == codec.payloadType()).findFirst()
                    .ifPresent(rtx -> accepted.add(withFeedback(rtx, kind)));
        }
        return accepted;
    }

    static List<RtpHeaderExtension> acceptExtensions(List<RtpHeaderExtension> offered) {
        return offered.stream().filter(e -> EXTENSIONS.contains(e.uri())).toList();
    }

    /**
     * The producer's codecs a subscriber can receive, in the producer's order and in the subscriber's numbering: each
     * media codec the subscriber's session has too (same name, clock rate and channels; for H.264 the same profile
     * and packetization mode) under the subscriber's payload type, followed by its RTX if the subscriber offered RTX
     * for that codec. Parley rewrites payload types on the way out, so browsers that number codecs differently
     * (Firefox's VP8 is 120, Chromium's 96) still meet.
     */
    static List<RtpCodec> forSubscriber(List<RtpCodec> producerCodecs, List<RtpCodec> subscriberCapabilities) {
        List<RtpCodec> result = new ArrayList<>();
        for (RtpCodec codec : producerCodecs) {
            if (codec.isRtx()) {
                continue;
            }
            Optional<RtpCodec> theirs = subscriberCapabilities.stream().filter(s -> sameCodec(codec, s))
                    .filter(s -> result.stream().noneMatch(r -> r.payloadType() == s.payloadType())).findFirst();
            if (theirs.isEmpty()) {
                continue;
            }
            int payloadType = theirs.get().payloadType();
            result.add(renumbered(codec, payloadType, codec.fmtp()));
            Optional<RtpCodec> ownRtx = producerCodecs.stream().filter(c -> c.isRtx() && apt(c) == codec.payloadType()).findFirst();
            Optional<RtpCodec> theirRtx = subscriberCapabilities.stream().filter(s -> s.isRtx() && apt(s) == payloadType).findFirst();
            if (ownRtx.isPresent() && theirRtx.isPresent()) {
                result.add(renumbered(ownRtx.get(), theirRtx.get().payloadType(), "apt=" + payloadType));
            }
        }
        return result;
    }

    /** The producer's extensions the subscriber negotiated (by URI), under the subscriber's ids. */
    static List<RtpHeaderExtension> extensionsForSubscriber(List<RtpHeaderExtension> producer, List<RtpHeaderExtension> subscriber) {
        List<RtpHeaderExtension> result = new ArrayList<>();
        for (RtpHeaderExtension own : producer) {
            subscriber.stream().filter(s -> s.uri().equals(own.uri())).findFirst().ifPresent(result::add);
        }
        return result;
    }

    private static RtpCodec renumbered(RtpCodec codec, int payloadType, String fmtp) {
        return new RtpCodec(payloadType, codec.mimeSubtype(), codec.clockRate(), codec.channels(), fmtp, codec.rtcpFeedback());
    }

    private static boolean sameCodec(RtpCodec a, RtpCodec b) {
        return a.mimeSubtype().equalsIgnoreCase(b.mimeSubtype()) && a.clockRate() == b.clockRate()
                && a.channels() == b.channels()
                && (!is(a, "H264") || fmtp(a, "profile-level-id").equalsIgnoreCase(fmtp(b, "profile-level-id"))
                && fmtp(a, "packetization-mode").equals(fmtp(b, "packetization-mode")));
    }

    private static Optional<RtpCodec> h264(List<RtpCodec> offered) {
        List<RtpCodec> candidates = offered.stream()
                .filter(c -> is(c, "H264") && fmtp(c, "packetization-mode").equals("1")).toList();
        return candidates.stream()
                .filter(c -> fmtp(c, "profile-level-id").toLowerCase(Locale.ROOT).equals(PREFERRED_H264_PROFILE))
                .findFirst().or(() -> candidates.stream().findFirst());
    }

    private static RtpCodec withFeedback(RtpCodec codec, String kind) {
        List<String> feedback = kind.equals("video") && !codec.isRtx()
                ? codec.rtcpFeedback().stream().filter(FEEDBACK::contains).toList()
                : List.of();
        return new RtpCodec(codec.payloadType(), codec.mimeSubtype(), codec.clockRate(), codec.channels(), codec.fmtp(), feedback);
    }

    private static boolean is(RtpCodec codec, String name) {
        return codec.mimeSubtype().equalsIgnoreCase(name);
    }

    static int apt(RtpCodec rtx) {
        String apt = fmtp(rtx, "apt");
        try {
            return apt.isEmpty() ? -1 : Integer.parseInt(apt);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String fmtp(RtpCodec codec, String key) {
        for (String parameter : codec.fmtp().split(";")) {
            String[] kv = parameter.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase(key)) {
                return kv[1].trim();
            }
        }
        return "";
    }
}
