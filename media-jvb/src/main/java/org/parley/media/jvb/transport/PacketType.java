package org.parley.media.jvb.transport;

/**
 * What arrived on the shared port, by its first bytes (RFC 7983; RTP vs RTCP by RFC 5761).
 * <pre>
 *   first byte   0..3   STUN (answered by the media port's ICE sessions, never seen here)
 *               20..63  DTLS
 *              128..191 RTP or RTCP: RTCP when the second byte (payload type with marker) is in 192..223
 *   anything else       dropped
 * </pre>
 */
enum PacketType {
    STUN, DTLS, RTP, RTCP, UNKNOWN;

    static PacketType classify(byte[] buffer, int offset, int length) {
        if (length < 1) {
            return UNKNOWN;
        }
        int first = buffer[offset] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191 && length >= 2) {
            int second = buffer[offset + 1] & 0xFF;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
