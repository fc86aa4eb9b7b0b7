package org.parley.media.jvb.rtp;

/**
 * Reads the fixed RTP header (RFC 3550 §5.1) in place. Parley forwards RTP unchanged, so only what routing needs is
 * read: the SSRC (to find the producer) and a sanity check that the bytes are RTP at all.
 */
public final class RtpHeader {

    /** Version, flags, payload type, sequence number, timestamp and SSRC. */
    public static final int FIXED_LENGTH = 12;

    private RtpHeader() {
    }

    /** Whether {@code length} bytes at {@code offset} hold a version-2 header with all of its CSRCs. */
    public static boolean isValid(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < FIXED_LENGTH || length > buffer.length - offset) {
            return false;
        }
        int first = buffer[offset] & 0xFF;
        int csrcCount = first & 0x0F;
        return (first >>> 6) == 2 && FIXED_LENGTH + 4 * csrcCount <= length;
    }

    public static int payloadType(byte[] buffer, int offset) {
        return buffer[offset + 1] & 0x7F;
    }

    public static int sequenceNumber(byte[] buffer, int offset) {
        return ((buffer[offset + 2] & 0xFF) << 8) | (buffer[offset + 3] & 0xFF);
    }

    /** The SSRC as the 32 raw bits; compare with {@code (int) ssrc}. */
    public static int ssrc(byte[] buffer, int offset) {
        return Bytes.readInt(buffer, offset + 8);
    }
}
