package org.parley.media.jvb.rtp;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * Packets one transport drops for a reason that means a whole stream goes missing (no SRTP context, no producer),
 * counted per reason, with one WARNING line per stream and reason: the first packet of a lost stream is logged, the
 * rest only counted. The packet path reads a lock-free table; only a stream's first drop takes a lock and allocates.
 * After {@link #MAX_STREAMS_LOGGED} distinct streams, one summary line a minute says how many more were dropped.
 */
public final class StreamDrops {

    /** Why a stream is dropped. */
    public enum Reason {
        /** SRTP from the participant under an SSRC it never negotiated: not decrypted, not forwarded. */
        UNNEGOTIATED_INCOMING("arrives under an SSRC the participant did not negotiate"),
        /** RTCP from a reporting-only SSRC beyond the few a participant plausibly uses. */
        TOO_MANY_REPORTING_SSRCS("is RTCP from yet another reporting SSRC, beyond the limit per participant"),
        /** Media for the participant whose SSRC no consumer of theirs negotiated: no SRTP context to send it with. */
        NO_OUTGOING_CONTEXT("has no SRTP context on the way out: no consumer of this participant negotiated it"),
        /** Decrypted RTP that no producer of the transport sends. */
        NO_PRODUCER("is decrypted RTP that no producer of the participant sends"),
        /** Media in a codec (payload type) the subscriber's session does not take. */
        CODEC_NOT_TAKEN("carries a payload type the subscriber did not negotiate");

        private final String explanation;

        Reason(String explanation) {
            this.explanation = explanation;
        }
    }

    static final int MAX_STREAMS_LOGGED = 64;
    private static final long SUMMARY_INTERVAL_NANOS = 60_000_000_000L;
    private static final System.Logger LOG = System.getLogger(StreamDrops.class.getName());

    private final String owner;
    private final LongAdder[] counts = new LongAdder[Reason.values().length];
    /** SSRC → bit mask of the reasons already logged for it. */
    private volatile SsrcTable<Integer> logged = SsrcTable.empty();
    /** Guarded by this. */
    private long unloggedSinceSummary;
    private long nextSummaryNanos;

    /** @param owner what the log lines name, e.g. "Transport 1f3a… of participant 42" */
    public StreamDrops(String owner) {
        this.owner = owner;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one dropped packet of stream {@code ssrc}; logs the first of each stream and reason. */
    public void drop(Reason reason, int ssrc) {
        counts[reason.ordinal()].increment();
        Integer mask = logged.get(ssrc);
        int bit = 1 << reason.ordinal();
        if (mask == null || (mask & bit) == 0) {
            firstOfStream(reason, ssrc, bit);
        }
    }

    /** Packets dropped so far for {@code reason}. */
    public long count(Reason reason) {
        return counts[reason.ordinal()].sum();
    }

    /** Packets dropped so far, every reason. */
    public long total() {
        long total = 0;
        for (LongAdder count : counts) {
            total += count.sum();
        }
        return total;
    }

    private synchronized void firstOfStream(Reason reason, int ssrc, int bit) {
        SsrcTable<Integer> current = logged;
        Integer mask = current.get(ssrc);
        if (mask != null && (mask & bit) != 0) {
            return;
        }
        if (mask == null && current.size() >= MAX_STREAMS_LOGGED) {
            unloggedSinceSummary++;
            long now = System.nanoTime();
            if (now - nextSummaryNanos >= 0) {
                nextSummaryNanos = now + SUMMARY_INTERVAL_NANOS;
                LOG.log(Level.WARNING, "{0}: {1} more streams dropped since the last summary (latest: SSRC {2} {3})",
                        owner, unloggedSinceSummary, Integer.toUnsignedString(ssrc), reason.explanation);
                unloggedSinceSummary = 0;
            }
            return;
        }
        logged = current.with(ssrc, (mask == null ? 0 : mask) | bit);
        LOG.log(Level.WARNING, "{0}: dropping stream SSRC {1}: it {2}", owner, Integer.toUnsignedString(ssrc),
                reason.explanation);
    }
}
