package org.parley.media.spi;

/**
 * What a media backend has done, for metrics: gauges (now) and counters (since it started; they only grow).
 *
 * @param rooms              routers open now
 * @param transports         participants' connections open now
 * @param packetsReceived    RTP and RTCP packets received and decrypted
 * @param bytesReceived      their bytes (decrypted)
 * @param packetsSent        RTP and RTCP packets encrypted and sent
 * @param bytesSent          their bytes (before encryption)
 * @param transportsFailed   connections that failed: ICE or DTLS did not complete, or consent expired
 */
public record MediaStats(int rooms, int transports, long packetsReceived, long bytesReceived, long packetsSent,
                         long bytesSent, long transportsFailed) {}
