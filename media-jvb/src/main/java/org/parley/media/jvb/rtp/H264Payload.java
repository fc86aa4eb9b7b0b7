package org.parley.media.jvb.rtp;

/** What a layer switch needs from H.264 payloads (RFC 6184): whether a packet starts a key frame. */
public final class H264Payload {

    private static final int IDR = 5;
    private static final int SPS = 7;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private H264Payload() {
    }

    /**
     * Whether the payload starts a key frame: a sequence parameter set (browsers send SPS and PPS right before each
     * IDR, alone or in a STAP-A), or the first fragment or whole NAL unit of an IDR slice.
     */
    public static boolean startsKeyFrame(byte[] buffer, int payload, int length) {
        if (length < 1) {
            return false;
        }
        int type = buffer[payload] & 0x1F;
        if (type == STAP_A) {
            return length >= 4 && isKeyNal(buffer[payload + 3] & 0x1F);
        }
        if (type == FU_A) {
            return length >= 2 && (buffer[payload + 1] & 0x80) != 0 && isKeyNal(buffer[payload + 1] & 0x1F);
        }
        return isKeyNal(type);
    }

    private static boolean isKeyNal(int type) {
        return type == SPS || type == IDR;
    }
}
