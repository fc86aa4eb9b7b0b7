package org.parley.media.jvb.routing;

/**
 * A per-thread buffer for RTCP the router writes (stripped sender reports, regrouped receiver reports, key frame
 * requests). Transports copy what they are given, so the buffer is free again as soon as a send returns.
 */
final class RtcpScratch {

    /** Larger than any RTCP the router writes: an RR with 31 report blocks is 752 bytes. */
    static final int SIZE = 1024;

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[SIZE]);

    private RtcpScratch() {
    }

    static byte[] get() {
        return BUFFER.get();
    }
}
