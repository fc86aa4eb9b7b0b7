package org.parley.media.jvb.rtp;

import java.util.Arrays;

/** Reads RTP header extension elements (RFC 8285, one- and two-byte forms) in place, without allocating. */
public final class HeaderExtensions {

    private HeaderExtensions() {
    }

    /**
     * Whether the valid RTP packet at {@code offset} carries an element {@code id} whose value is {@code expected}
     * (a MID or RID, say). Elements that run past the packet do not count.
     */
    public static boolean carries(byte[] buffer, int offset, int length, int id, byte[] expected) {
        if ((buffer[offset] & 0x10) == 0 || id < 1 || id > 255) {
            return false;
        }
        int at = offset + RtpHeader.FIXED_LENGTH + 4 * (buffer[offset] & 0x0F);
        int end = offset + length;
        if (at + 4 > end) {
            return false;
        }
        int profile = Bytes.readShort(buffer, at);
        int blockEnd = at + 4 + 4 * Bytes.readShort(buffer, at + 2);
        if (blockEnd > end) {
            return false;
        }
        boolean oneByte = profile == 0xBEDE;
        if (!oneByte && (profile & 0xFFF0) != 0x1000) {
            return false;
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
                    return false;
                }
                valueLength = (head & 0x0F) + 1;
                at += 1;
            } else {
                if (at + 1 >= blockEnd) {
                    return false;
                }
                elementId = head;
                valueLength = buffer[at + 1] & 0xFF;
                at += 2;
            }
            if (at + valueLength > blockEnd) {
                return false;
            }
            if (elementId == id) {
                return valueLength == expected.length && Arrays.equals(buffer, at, at + valueLength,
                        expected, 0, expected.length);
            }
            at += valueLength;
        }
        return false;
    }
}
