package org.parley.media.jvb.routing;

import java.util.Arrays;
import java.util.Objects;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpParameters;

/** The SSRCs a track uses on the wire (media and RTX of every encoding), checked once when it is produced. */
final class TrackSsrcs {

    private static final long MAX_SSRC = 0xFFFF_FFFFL;

    private TrackSsrcs() {
    }

    /**
     * @return media SSRCs first (in encoding order), then RTX SSRCs, as raw 32-bit values
     * @throws IllegalArgumentException naming the first problem
     */
    static int[] of(RtpParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.kind() == null) {
            throw new IllegalArgumentException("RTP parameters need a media kind.");
        }
        if (parameters.encodings().isEmpty()) {
            throw new IllegalArgumentException("RTP parameters need at least one encoding with an SSRC.");
        }
        int encodings = parameters.encodings().size();
        int[] ssrcs = new int[encodings * 2];
        int count = 0;
        for (RtpEncoding encoding : parameters.encodings()) {
            ssrcs[count++] = checked(encoding.ssrc(), "SSRC");
        }
        for (RtpEncoding encoding : parameters.encodings()) {
            if (encoding.rtxSsrc() != 0) {
                ssrcs[count++] = checked(encoding.rtxSsrc(), "RTX SSRC");
            }
        }
        int[] result = Arrays.copyOf(ssrcs, count);
        int[] sorted = result.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("SSRC " + Integer.toUnsignedString(sorted[i])
                        + " appears twice in one track's RTP parameters.");
            }
        }
        return result;
    }

    /** The number of media SSRCs at the start of {@link #of}'s result. */
    static int mediaCount(RtpParameters parameters) {
        return parameters.encodings().size();
    }

    private static int checked(long ssrc, String what) {
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException(what + " " + ssrc + " is not a 32-bit unsigned value.");
        }
        return (int) ssrc;
    }
}
