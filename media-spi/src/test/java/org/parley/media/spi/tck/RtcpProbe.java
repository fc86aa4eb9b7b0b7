package org.parley.media.spi.tck;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Writes the RTCP a receiver sends (RFC 3550, 4585) and finds things in the RTCP a peer received. */
final class RtcpProbe {

    private static final int RR = 201;
    private static final int SR = 200;
    private static final int PSFB = 206;
    private static final int PLI = 1;

    private RtcpProbe() {
    }

    static byte[] pli(int senderSsrc, int mediaSsrc) {
        return ByteBuffer.allocate(12).put((byte) (0x80 | PLI)).put((byte) PSFB).putShort((short) 2)
                .putInt(senderSsrc).putInt(mediaSsrc).array();
    }

    /** A receiver report with one report block about {@code sourceSsrc}. */
    static byte[] receiverReport(int senderSsrc, int sourceSsrc, int fractionLost, int cumulativeLost, int highestSequence) {
        return ByteBuffer.allocate(32).put((byte) 0x81).put((byte) RR).putShort((short) 7).putInt(senderSsrc)
                .putInt(sourceSsrc).putInt(fractionLost << 24 | cumulativeLost).putInt(highestSequence)
                .putInt(17).putInt(0).putInt(0).array();
    }

    /** Whether {@code compound} holds a PLI for {@code mediaSsrc}. */
    static boolean containsPli(byte[] compound, int mediaSsrc) {
        for (int p = 0; fits(compound, p); p += length(compound, p)) {
            if (type(compound, p) == PSFB && (compound[p] & 0x1F) == PLI && length(compound, p) >= 12
                    && ByteBuffer.wrap(compound, p + 8, 4).getInt() == mediaSsrc) {
                return true;
            }
        }
        return false;
    }

    /** The 24 bytes of the first report block (in an SR or RR) about {@code sourceSsrc}, or null. */
    static byte[] reportBlock(byte[] compound, int sourceSsrc) {
        for (int p = 0; fits(compound, p); p += length(compound, p)) {
            int type = type(compound, p);
            if (type != SR && type != RR) {
                continue;
            }
            int first = p + (type == SR ? 28 : 8);
            for (int i = 0; i < (compound[p] & 0x1F); i++) {
                int block = first + 24 * i;
                if (block + 24 <= p + length(compound, p) && ByteBuffer.wrap(compound, block, 4).getInt() == sourceSsrc) {
                    return Arrays.copyOfRange(compound, block, block + 24);
                }
            }
        }
        return null;
    }

    private static boolean fits(byte[] compound, int p) {
        return p + 4 <= compound.length && p + length(compound, p) <= compound.length;
    }

    private static int type(byte[] compound, int p) {
        return compound[p + 1] & 0xFF;
    }

    private static int length(byte[] compound, int p) {
        return (((compound[p + 2] & 0xFF) << 8 | (compound[p + 3] & 0xFF)) + 1) * 4;
    }
}
