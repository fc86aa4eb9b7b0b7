package org.parley.media.jvb.routing;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the rooms of one backend did to keep media whole, for metrics: losses seen on each side, the repairs and the
 * key frame requests. Counted from every room's threads on striped adders (no shared lock, no allocation once warm).
 */
public final class RoutingCounters {

    final LongAdder publisherLosses = new LongAdder();
    final LongAdder subscriberLosses = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder keyFrameRequests = new LongAdder();

    /** Packets found missing on publishers' links (the server asks for them again). */
    public long publisherLosses() {
        return publisherLosses.sum();
    }

    /** Packets subscribers reported missing (NACKed). */
    public long subscriberLosses() {
        return subscriberLosses.sum();
    }

    /** Packets resent to subscribers from the server's cache. */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** Key frame requests (PLI) sent to publishers, after merging. */
    public long keyFrameRequests() {
        return keyFrameRequests.sum();
    }
}
