package org.parley.media.jvb.rtp;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2), read and rewritten in place: a layer switch must keep the picture id
 * and TL0PICIDX running on, or the receiver takes the new layer's frames for a gap or a repeat.
 *
 * <pre>
 *  X R N S R PID     X: extension byte follows; S: start of a partition; PID: partition index
 *  I L T K - - - -   I: picture id follows; L: TL0PICIDX follows; T/K: TID/KEYIDX byte follows
 *  M picture id      M: 15-bit picture id (two bytes), else 7 bits
 *  TL0PICIDX
 * </pre>
 */
public final class Vp8Descriptor {

    /** No picture id or TL0PICIDX in the packet. */
    public static final int ABSENT = -1;

    private Vp8Descriptor() {
    }

    /** Whether the payload at {@code payload} (length {@code length}) starts a key frame. */
    public static boolean startsKeyFrame(byte[] buffer, int payload, int length) {
        int header = headerLength(buffer, payload, length);
        if (header < 0 || header >= length) {
            return false;
        }
        boolean startOfFirstPartition = (buffer[payload] & 0x10) != 0 && (buffer[payload] & 0x07) == 0;
        return startOfFirstPartition && (buffer[payload + header] & 0x01) == 0; // P bit 0: key frame
    }

    /** The picture id (7 or 15 bits), or {@link #ABSENT}. */
    public static int pictureId(byte[] buffer, int payload, int length) {
        int at = pictureIdAt(buffer, payload, length);
        if (at < 0) {
            return ABSENT;
        }
        return (buffer[at] & 0x80) != 0 ? Bytes.readShort(buffer, at) & 0x7FFF : buffer[at] & 0x7F;
    }

    /** Writes {@code pictureId} (kept to the packet's own width); does nothing without one. */
    public static void writePictureId(byte[] buffer, int payload, int length, int pictureId) {
        int at = pictureIdAt(buffer, payload, length);
        if (at < 0) {
            return;
        }
        if ((buffer[at] & 0x80) != 0) {
            Bytes.writeShort(buffer, at, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buffer[at] = (byte) (pictureId & 0x7F);
        }
    }

    /** TL0PICIDX, or {@link #ABSENT}. */
    public static int tl0PicIdx(byte[] buffer, int payload, int length) {
        int at = tl0At(buffer, payload, length);
        return at < 0 ? ABSENT : buffer[at] & 0xFF;
    }

    public static void writeTl0PicIdx(byte[] buffer, int payload, int length, int value) {
        int at = tl0At(buffer, payload, length);
        if (at >= 0) {
            buffer[at] = (byte) value;
        }
    }

    private static int pictureIdAt(byte[] buffer, int payload, int length) {
        if (length < 3 || (buffer[payload] & 0x80) == 0 || (buffer[payload + 1] & 0x80) == 0) {
            return -1;
        }
        int at = payload + 2;
        int width = (buffer[at] & 0x80) != 0 ? 2 : 1;
        return at + width <= payload + length ? at : -1;
    }

    private static int tl0At(byte[] buffer, int payload, int length) {
        if (length < 3 || (buffer[payload] & 0x80) == 0 || (buffer[payload + 1] & 0x40) == 0) {
            return -1;
        }
        int at = payload + 2;
        if ((buffer[payload + 1] & 0x80) != 0) {
            at += (buffer[at] & 0x80) != 0 ? 2 : 1;
        }
        return at < payload + length ? at : -1;
    }

    /** The descriptor's length, or -1 when it runs past {@code length}. */
    private static int headerLength(byte[] buffer, int payload, int length) {
        if (length < 1) {
            return -1;
        }
        int at = 1;
        if ((buffer[payload] & 0x80) != 0) {
            if (length < 2) {
                return -1;
            }
            int flags = buffer[payload + 1] & 0xFF;
            at = 2;
            if ((flags & 0x80) != 0) {
                if (at >= length) {
                    return -1;
                }
                at += (buffer[payload + at] & 0x80) != 0 ? 2 : 1;
            }
            if ((flags & 0x40) != 0) {
                at++;
            }
            if ((flags & 0x30) != 0) {
                at++;
            }
        }
        return at <= length ? at : -1;
    }
}
