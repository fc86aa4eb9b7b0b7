package org.parley.media.spi;

/**
 * What a media backend has done, for metrics: gauges (now) and counters (since it started; they only grow).
 *
 * @param rooms       routers open now
 * @param transports  participants' connections open now
 * @param publishing  tracks published now (producers)
 * @param forwarding  tracks forwarded to subscribers now (consumers)
 * @param srtpContexts per-stream SRTP and SRTCP contexts the connections hold now (0 from a backend that does not say)
 * @param traffic     packets and bytes each way, and connections that failed
 * @param repair      losses on each side, retransmissions and key frame requests
 */
public record MediaStats(int rooms, int transports, int publishing, int forwarding, int srtpContexts, Traffic traffic,
                         Repair repair) {

    /**
     * @param packetsReceived RTP and RTCP packets received and decrypted
     * @param bytesReceived   their bytes (decrypted)
     * @param packetsSent     RTP and RTCP packets encrypted and sent
     * @param bytesSent       their bytes (before encryption)
     * @param iceFailures     connections whose ICE did not complete, or whose consent expired
     * @param dtlsFailures    connections whose DTLS handshake failed
     * @param readFaults      packets whose handling failed on the threads reading the ports, and readers started again
     */
    public record Traffic(long packetsReceived, long bytesReceived, long packetsSent, long bytesSent, long iceFailures,
                          long dtlsFailures, long readFaults) {
        public static final Traffic NONE = new Traffic(0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @param publisherLosses  packets found missing on publishers' links
     * @param subscriberLosses packets subscribers reported missing (NACKed)
     * @param retransmissions  packets resent to subscribers
     * @param keyFrameRequests key frame requests sent to publishers
     */
    public record Repair(long publisherLosses, long subscriberLosses, long retransmissions, long keyFrameRequests) {
        public static final Repair NONE = new Repair(0, 0, 0, 0);
    }

    /** A backend that counts nothing but its rooms. */
    public static MediaStats roomsOnly(int rooms) {
        return new MediaStats(rooms, 0, 0, 0, 0, Traffic.NONE, Repair.NONE);
    }

    /** Connections that failed, for any reason. */
    public long transportsFailed() {
        return traffic.iceFailures() + traffic.dtlsFailures();
    }
}
