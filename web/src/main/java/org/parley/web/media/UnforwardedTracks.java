package org.parley.web.media;

import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.parley.media.spi.Producer;

/**
 * Tracks this media node does not forward to a participant in their room, counted by reason and each logged as a
 * WARNING: the person sees a tile without picture or sound, so an operator must be able to see why.
 */
public final class UnforwardedTracks {

    /** Why a track is not forwarded to one subscriber. */
    public enum Reason {
        /** The subscriber cannot decode any of the track's codecs under the payload types the publisher uses. */
        NO_COMMON_CODEC,
        /** The media backend refused to send it (e.g. its SSRC collides with another track the subscriber receives). */
        REFUSED_BY_BACKEND
    }

    private static final Logger LOG = Logger.getLogger(UnforwardedTracks.class.getName());

    private final LongAdder[] counts = new LongAdder[Reason.values().length];

    public UnforwardedTracks() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(Reason reason, String roomId, String subscriberId, Producer track, String detail) {
        counts[reason.ordinal()].increment();
        LOG.warning(() -> "Room " + roomId + ": " + track.kind() + " of participant " + track.participantId()
                + " (producer " + track.id() + ") is not forwarded to participant " + subscriberId + ": " + reason
                + " (" + detail + ")");
    }

    /** Tracks not forwarded so far for {@code reason}, since this node started. */
    public long count(Reason reason) {
        return counts[reason.ordinal()].sum();
    }
}
