package org.parley.media.jvb.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.parley.media.jvb.rtp.SsrcTable;

/**
 * The SRTP (or SRTCP) contexts of one direction of one transport: one per SSRC the session negotiated, no more.
 * Streams are added and removed by the control path as producers and consumers come and go (reference-counted, so
 * two owners of one SSRC keep it until both are gone); a context is derived on a stream's first packet, once keys
 * exist, and dropped with the stream. The packet path reads a copy-on-write table without a lock; an SSRC that was
 * not negotiated has no entry and gets no context.
 *
 * @param <C> the jitsi-srtp context type
 */
final class StreamContexts<C> {

    /** Derives the context of one SSRC from the session's master keys. */
    @FunctionalInterface
    interface Derivation<C> {
        C derive(int ssrc) throws GeneralSecurityException;
    }

    /** A negotiated stream whose context is not derived yet. */
    private static final Object NEGOTIATED = new Object();

    /** SSRC → {@link #NEGOTIATED} or its context. */
    private volatile SsrcTable<Object> streams = SsrcTable.empty();
    /** Guarded by this: how many owners each negotiated SSRC has. */
    private final Map<Integer, Integer> owners = new HashMap<>();
    private int derived;

    /** Adds one owner of {@code ssrc}. */
    synchronized void add(int ssrc) {
        if (owners.merge(ssrc, 1, Integer::sum) == 1) {
            streams = streams.with(ssrc, NEGOTIATED);
        }
    }

    /** Removes one owner; the last one's removal drops the stream and its context (its replay window with it). */
    synchronized void remove(int ssrc) {
        Integer count = owners.get(ssrc);
        if (count == null) {
            return;
        }
        if (count > 1) {
            owners.put(ssrc, count - 1);
            return;
        }
        owners.remove(ssrc);
        if (streams.get(ssrc) != NEGOTIATED) {
            derived--;
        }
        streams = streams.without(ssrc);
    }

    /**
     * Packet path: the context of {@code ssrc}, derived now if this is its first packet; null when the SSRC was not
     * negotiated (or was removed).
     */
    @SuppressWarnings("unchecked")
    C get(int ssrc, Derivation<C> derivation) throws GeneralSecurityException {
        Object entry = streams.get(ssrc);
        if (entry != NEGOTIATED) {
            return (C) entry;
        }
        return derive(ssrc, derivation);
    }

    /** Negotiated streams. */
    int streamCount() {
        return streams.size();
    }

    /** Streams whose context has been derived. */
    synchronized int contextCount() {
        return derived;
    }

    synchronized void clear() {
        owners.clear();
        derived = 0;
        streams = SsrcTable.empty();
    }

    @SuppressWarnings("unchecked")
    private synchronized C derive(int ssrc, Derivation<C> derivation) throws GeneralSecurityException {
        Object entry = streams.get(ssrc);
        if (entry != NEGOTIATED) {
            return (C) entry; // derived meanwhile, or removed
        }
        C context = derivation.derive(ssrc);
        streams = streams.with(ssrc, context);
        derived++;
        return context;
    }
}
