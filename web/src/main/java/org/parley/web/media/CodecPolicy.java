package org.parley.web.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;

/**
 * What Parley forwards: Opus audio; VP8 and H.264 (packetization-mode 1) video, each with RTX. Feedback is limited to
 * what the server handles: NACK, PLI and FIR both ways, and REMB and transport-wide feedback from the server to
 * publishers (how much it takes, when each packet arrived).
 * Header extensions are limited to those that survive forwarding with only their id renumbered: a MID extension, for
 * one, would name the publisher's m-section inside the subscriber's session.
 */
final class CodecPolicy {

    private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir");
    /** Feedback only the server sends, to publishers: how much it takes, and when each packet arrived. */
    private static final String REMB = "goog-remb";
    private static final String TRANSPORT_CC = "transport-cc";
    private static final Set<String> EXTENSIONS = Set.of(
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "urn:3gpp:video-orientation");

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
            accepted.add(withFeedback(is(codec, "opus") ? withInbandFec(codec) : codec, kind));
            offered.stream().filter(c -> isRtxOf(c, codec)).findFirst()
                    .ifPresent(rtx -> accepted.add(withFeedback(rtx, kind)));
        }
        return accepted;
    }

    static List<RtpHeaderExtension> acceptExtensions(List<RtpHeaderExtension> offered) {
        return offered.stream().filter(e -> EXTENSIONS.contains(e.uri())).toList();
    }

    /**
     * The producer's codecs a subscriber can receive, in the producer's order and in the subscriber's numbering: each
     * media codec the subscriber can decode (same name, clock rate and channels; for H.264 the same packetization mode
     * and a profile its decoder takes, the same profile preferred) under the subscriber's payload type, followed by its
     * RTX if the subscriber offered RTX for that codec. Parley rewrites payload types on the way out, so browsers that
     * number codecs differently (Firefox's VP8 is 120, Chromium's 96) still meet.
     */
    static List<RtpCodec> forSubscriber(List<RtpCodec> producerCodecs, List<RtpCodec> subscriberCapabilities) {
        List<RtpCodec> result = new ArrayList<>();
        for (RtpCodec codec : producerCodecs) {
            if (codec.isRtx()) {
                continue;
            }
            Optional<RtpCodec> theirs = subscriberCapabilities.stream()
                    .filter(s -> decodes(codec, s) && result.stream().noneMatch(r -> r.payloadType() == s.payloadType()))
                    .min(Comparator.comparing(s -> !fmtp(s, "profile-level-id").equalsIgnoreCase(fmtp(codec, "profile-level-id"))));
            if (theirs.isEmpty()) {
                continue;
            }
            int payloadType = theirs.get().payloadType();
            List<String> feedback = new ArrayList<>(codec.rtcpFeedback().stream().filter(FEEDBACK::contains).toList());
            if (theirs.get().rtcpFeedback().contains(TRANSPORT_CC)) {
                feedback.add(TRANSPORT_CC); // the server estimates each subscriber's downlink from it
            }
            result.add(new RtpCodec(payloadType, codec.mimeSubtype(), codec.clockRate(), codec.channels(), codec.fmtp(),
                    feedback));
            Optional<RtpCodec> ownRtx = producerCodecs.stream().filter(c -> isRtxOf(c, codec)).findFirst();
            Optional<RtpCodec> theirRtx = subscriberCapabilities.stream().filter(s -> isRtxOf(s, theirs.get())).findFirst();
            if (ownRtx.isPresent() && theirRtx.isPresent()) {
                result.add(renumbered(ownRtx.get(), theirRtx.get().payloadType(), "apt=" + payloadType));
            }
        }
        return result;
    }

    /** Whether a receiver that negotiated {@code decoder} decodes a stream sent as {@code stream}. */
    static boolean decodes(RtpCodec stream, RtpCodec decoder) {
        if (!stream.mimeSubtype().equalsIgnoreCase(decoder.mimeSubtype()) || stream.clockRate() != decoder.clockRate()
                || stream.channels() != decoder.channels() || stream.isRtx()) {
            return false;
        }
        if (!is(stream, "H264")) {
            return true;
        }
        if (!packetizationMode(stream).equals(packetizationMode(decoder))) {
            return false;
        }
        Optional<H264Profile> sent = H264Profile.ofFmtp(fmtp(stream, "profile-level-id"));
        Optional<H264Profile> taken = H264Profile.ofFmtp(fmtp(decoder, "profile-level-id"));
        return sent.isPresent() && taken.isPresent() && sent.get().decodableBy(taken.get());
    }

    /**
     * A publisher's accepted codecs reordered so that the one most of its subscribers can decode comes first, each
     * followed by its RTX: a browser sends with the first codec of the negotiated list. Ties (a stable sort)
     * keep the current order: each switch costs the publisher a key frame and everyone a renegotiation.
     */
    static List<RtpCodec> forPublisher(List<RtpCodec> accepted, List<List<RtpCodec>> subscribers) {
        List<RtpCodec> media = accepted.stream().filter(c -> !c.isRtx())
                .sorted(Comparator.comparingLong((RtpCodec c) -> -subscribers.stream()
                                .filter(decoders -> decoders.stream().anyMatch(d -> decodes(c, d))).count()))
                .toList();
        List<RtpCodec> ordered = new ArrayList<>();
        for (RtpCodec codec : media) {
            ordered.add(codec);
            accepted.stream().filter(c -> c.isRtx() && apt(c) == codec.payloadType()).findFirst().ifPresent(ordered::add);
        }
        return ordered;
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

    private static String packetizationMode(RtpCodec h264) {
        String mode = fmtp(h264, "packetization-mode");
        return mode.isEmpty() ? "0" : mode;
    }

    /** One H.264 to receive: constrained baseline, which every decoder takes, if offered; else the first known profile. */
    private static Optional<RtpCodec> h264(List<RtpCodec> offered) {
        List<RtpCodec> candidates = offered.stream()
                .filter(c -> is(c, "H264") && packetizationMode(c).equals("1"))
                .filter(c -> H264Profile.ofFmtp(fmtp(c, "profile-level-id")).isPresent()).toList();
        return candidates.stream()
                .filter(c -> H264Profile.ofFmtp(fmtp(c, "profile-level-id")).orElseThrow() == H264Profile.CONSTRAINED_BASELINE)
                .findFirst().or(() -> candidates.stream().findFirst());
    }

    /**
     * Opus from a publisher with in-band FEC asked for (every Opus decoder takes it; the encoder adds as much as the
     * loss it hears of calls for). DTX stays as offered: it is the sender's choice to make.
     */
    private static RtpCodec withInbandFec(RtpCodec opus) {
        if (fmtp(opus, "useinbandfec").equals("1")) {
            return opus;
        }
        String others = Arrays.stream(opus.fmtp().split(";")).map(String::trim)
                .filter(p -> !p.isEmpty() && !p.toLowerCase(Locale.ROOT).startsWith("useinbandfec="))
                .collect(Collectors.joining(";"));
        return renumbered(opus, opus.payloadType(), others.isEmpty() ? "useinbandfec=1" : others + ";useinbandfec=1");
    }

    private static RtpCodec withFeedback(RtpCodec codec, String kind) {
        List<String> feedback = codec.isRtx() ? List.of() : codec.rtcpFeedback().stream()
                .filter(fb -> fb.equals(TRANSPORT_CC) || kind.equals("video") && (FEEDBACK.contains(fb) || fb.equals(REMB)))
                .toList();
        return new RtpCodec(codec.payloadType(), codec.mimeSubtype(), codec.clockRate(), codec.channels(), codec.fmtp(), feedback);
    }

    private static boolean is(RtpCodec codec, String name) {
        return codec.mimeSubtype().equalsIgnoreCase(name);
    }

    /**
     * Whether {@code rtx} is the RTX of {@code codec}: its apt, and its clock rate (RFC 4588 §8.1; retransmissions keep
     * the original's timestamps). An RTX at another rate is not taken: forwarded, it would give one payload type two
     * meanings in a subscriber's session.
     */
    private static boolean isRtxOf(RtpCodec rtx, RtpCodec codec) {
        return rtx.isRtx() && apt(rtx) == codec.payloadType() && rtx.clockRate() == codec.clockRate();
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
