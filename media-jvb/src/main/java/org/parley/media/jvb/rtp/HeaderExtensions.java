package org.parley.media.jvb.rtp;

import java.util.Arrays;

/** Reads and writes RTP header extension elements (RFC 8285, one- and two-byte forms) in place, without allocating. */
public final class HeaderExtensions {

    private HeaderExtensions() {
    }

    /**
     * Whether the valid RTP packet at {@code offset} carries an element {@code id} whose value is {@code expected}
     * (a MID or RID, say). Elements that run past the packet do not count.
     */
    public static boolean carries(byte[] buffer, int offset, int length, int id, byte[] expected) {
        long found = find(buffer, offset, length, id);
        if (found < 0) {
            return false;
        }
        int at = (int) (found >>> 16);
        int valueLength = (int) found & 0xFFFF;
        return valueLength == expected.length && Arrays.equals(buffer, at, at + valueLength, expected, 0, expected.length);
    }

    /** The first byte of element {@code id}'s value (an audio level, say), or -1. */
    public static int byteValue(byte[] buffer, int offset, int length, int id) {
        long found = find(buffer, offset, length, id);
        return found < 0 ? -1 : buffer[(int) (found >>> 16)] & 0xFF;
    }

    /** The two-byte value of element {@code id} (a transport-wide sequence number, say), or -1. */
    public static int shortValue(byte[] buffer, int offset, int length, int id) {
        long found = find(buffer, offset, length, id);
        return found < 0 || (found & 0xFFFF) < 2 ? -1 : Bytes.readShort(buffer, (int) (found >>> 16));
    }

    /** Where the (at least two-byte) value of element {@code id} is, to be overwritten; -1 when there is none. */
    public static int shortValuePosition(byte[] buffer, int offset, int length, int id) {
        long found = find(buffer, offset, length, id);
        return found < 0 || (found & 0xFFFF) < 2 ? -1 : (int) (found >>> 16);
    }

    /** Where element {@code id}'s value is, as {@code position << 16 | length}, or -1. */
    private static long find(byte[] buffer, int offset, int length, int id) {
        if ((buffer[offset] & 0x10) == 0 || id < 1 || id > 255) {
            return -1;
        }
        int at = offset + RtpHeader.FIXED_LENGTH + 4 * (buffer[offset] & 0x0F);
        int end = offset + length;
        if (at + 4 > end) {
            return -1;
        }
        int profile = Bytes.readShort(buffer, at);
        int blockEnd = at + 4 + 4 * Bytes.readShort(buffer, at + 2);
        if (blockEnd > end) {
            return -1;
        }
        boolean oneByte = profile == 0xBEDE;
        if (!oneByte && (profile & 0xFFF0) != 0x1000) {
            return -1;
        }
        at += 4;
        while (at < blockEnd) {
            int head = buffer[at] & 0xFF;
            if (head == 0) {
                at++; // padding
                continue;
            }
            int elementId;
            int valueLength;
            if (oneByte) {
                elementId = head >>> 4;
                if (elementId == 15) {
                    return -1;
                }
                valueLength = (head & 0x0F) + 1;
                at += 1;
            } else {
                if (at + 1 >= blockEnd) {
                    return -1;
                }
                elementId = head;
                valueLength = buffer[at + 1] & 0xFF;
                at += 2;
            }
            if (at + valueLength > blockEnd) {
                return -1;
            }
            if (elementId == id) {
                return (long) at << 16 | valueLength;
            }
            at += valueLength;
        }
        return -1;
    }
}
