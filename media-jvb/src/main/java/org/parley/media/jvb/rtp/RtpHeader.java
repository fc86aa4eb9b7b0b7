package org.parley.media.jvb.rtp;

/**
 * Reads the RTP header (RFC 3550 §5.1) in place. Parley forwards RTP as it came (only renumbered, by
 * {@link HeaderRewrite}), so only what routing needs is read: the SSRC (to find the producer), the payload type, where
 * the payload is (a retransmission's original sequence number), and a sanity check that the bytes are RTP at all.
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

    /**
     * Where the payload starts: after the CSRCs and the header extension (RFC 3550 §5.3.1); -1 when the extension
     * runs past {@code length}. Call on {@link #isValid valid} headers only.
     */
    public static int payloadOffset(byte[] buffer, int offset, int length) {
        int first = buffer[offset] & 0xFF;
        int at = FIXED_LENGTH + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (at + 4 > length) {
                return -1;
            }
            at += 4 + 4 * Bytes.readShort(buffer, offset + at + 2);
        }
        return at <= length ? at : -1;
    }

    /** How many bytes at the end are padding (RFC 3550 §5.1, P bit): 0 without padding. */
    public static int paddingLength(byte[] buffer, int offset, int length) {
        return (buffer[offset] & 0x20) == 0 ? 0 : buffer[offset + length - 1] & 0xFF;
    }

    /**
     * An RTX packet's original sequence number (RFC 4588 §4: the first two bytes of its payload), or -1 when it has
     * none: padding only (bandwidth probing) or malformed.
     */
    public static int originalSequenceNumber(byte[] buffer, int offset, int length) {
        int payload = payloadOffset(buffer, offset, length);
        if (payload < 0 || length - paddingLength(buffer, offset, length) - payload < 2) {
            return -1;
        }
        return Bytes.readShort(buffer, offset + payload);
    }

    /** The SSRC as the 32 raw bits; compare with {@code (int) ssrc}. */
    public static int ssrc(byte[] buffer, int offset) {
        return Bytes.readInt(buffer, offset + 8);
    }
}
