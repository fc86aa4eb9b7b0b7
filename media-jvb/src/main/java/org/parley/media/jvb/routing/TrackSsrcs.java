package org.parley.media.jvb.routing;

import java.util.Arrays;
import java.util.Objects;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * The SSRC slots of a track, checked once when it is produced: the media SSRC of encoding {@code i} at {@code i}, its
 * RTX at {@code encodings + i}. A slot holds 0 where the track has no such stream, or where it is still to be
 * learned (an encoding announced without SSRCs; see {@link UnannouncedEncodings}).
 */
final class TrackSsrcs {

    private static final long MAX_SSRC = 0xFFFF_FFFFL;

    private TrackSsrcs() {
    }

    /**
     * @return the slots, as raw 32-bit values
     * @throws IllegalArgumentException naming the first problem
     */
    static int[] of(RtpParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.kind() == null) {
            throw new IllegalArgumentException("RTP parameters need a media kind.");
        }
        if (parameters.encodings().isEmpty()) {
            throw new IllegalArgumentException("RTP parameters need at least one encoding.");
        }
        int encodings = parameters.encodings().size();
        int[] slots = new int[encodings * 2];
        for (int i = 0; i < encodings; i++) {
            RtpEncoding encoding = parameters.encodings().get(i);
            if (!encoding.isSignalled()) {
                requireLearnable(parameters, encoding);
            }
            for (int j = 0; j < i; j++) {
                if (!encoding.rid().isEmpty() && encoding.rid().equals(parameters.encodings().get(j).rid())) {
                    throw new IllegalArgumentException("Two encodings have rid '" + encoding.rid() + "'.");
                }
            }
            slots[i] = checked(encoding.ssrc(), "SSRC");
            slots[encodings + i] = checked(encoding.rtxSsrc(), "RTX SSRC");
        }
        int[] sorted = Arrays.stream(slots).filter(ssrc -> ssrc != 0).sorted().toArray();
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("SSRC " + Integer.toUnsignedString(sorted[i])
                        + " appears twice in one track's RTP parameters.");
            }
        }
        return slots;
    }

    /** Whether a slot of {@link #of}'s result can ever carry a stream: known now, or to be learned. */
    static boolean[] possible(RtpParameters parameters) {
        int encodings = parameters.encodings().size();
        boolean hasRtx = parameters.codecs().stream().anyMatch(c -> c.isRtx());
        boolean[] possible = new boolean[encodings * 2];
        for (int i = 0; i < encodings; i++) {
            RtpEncoding encoding = parameters.encodings().get(i);
            possible[i] = true;
            possible[encodings + i] = encoding.isSignalled() ? encoding.rtxSsrc() != 0 : hasRtx;
        }
        return possible;
    }

    /** The SSRCs in {@code slots} that are known (not 0). */
    static int[] known(int[] slots) {
        return Arrays.stream(slots).filter(ssrc -> ssrc != 0).toArray();
    }

    /**
     * An encoding without SSRC is learned from its packets: a layer by its rid (RID extension), a single stream by
     * the track's mid (MID extension).
     */
    private static void requireLearnable(RtpParameters parameters, RtpEncoding encoding) {
        if (encoding.rtxSsrc() != 0) {
            throw new IllegalArgumentException("An encoding without SSRC cannot name an RTX SSRC.");
        }
        if (!encoding.rid().isEmpty()) {
            if (!negotiated(parameters, RtpHeaderExtension.RID)) {
                throw new IllegalArgumentException("Layer '" + encoding.rid() + "' is learned from its packets' RID "
                        + "header extension: negotiate " + RtpHeaderExtension.RID + ".");
            }
            return;
        }
        if (parameters.mid().isEmpty() || !negotiated(parameters, RtpHeaderExtension.MID)) {
            throw new IllegalArgumentException("An encoding without SSRC is learned from its packets' MID header "
                    + "extension: the track needs its mid and the extension " + RtpHeaderExtension.MID + ".");
        }
        if (parameters.encodings().size() > 1) {
            throw new IllegalArgumentException("Several encodings without SSRCs are told apart by their rids: "
                    + "give each one.");
        }
    }

    static boolean negotiated(RtpParameters parameters, String uri) {
        return parameters.headerExtensions().stream().anyMatch(e -> e.uri().equals(uri));
    }

    private static int checked(long ssrc, String what) {
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException(what + " " + ssrc + " is not a 32-bit unsigned value.");
        }
        return (int) ssrc;
    }
}
