package org.parley.media.jvb.rtp;

import java.util.Arrays;
import java.util.Map;

/**
 * One subscriber's numbering of one track: browsers number codecs and header extensions as they please (Firefox's
 * VP8 is payload type 120, Chromium's 96), so each packet leaves with the payload type and extension ids of the
 * subscriber's own session. Applied to the sender's private copy of a packet just before encryption, so nothing is
 * restored and nothing is allocated: two table look-ups for the payload type, one per header extension element.
 */
public final class HeaderRewrite {

    private static final int NOT_SENT = -1;

    /** Publisher payload type → subscriber payload type, or {@link #NOT_SENT}. */
    private final byte[] payloadTypes = new byte[128];
    /** Publisher extension id → subscriber extension id (ids 1..255; 0 never appears in an element). */
    private final byte[] extensionIds = new byte[256];
    private final int spareId;

    /**
     * @param payloadTypes the publisher's payload types the subscriber takes, to the subscriber's; others are not sent
     * @param extensionIds the publisher's extension ids, to the subscriber's: the spare id for those the subscriber
     *                     did not negotiate. Ids missing here are not expected (the publisher did not negotiate them)
     *                     and go under the spare id too.
     * @param spareId      an id the subscriber uses for nothing (1..14), so that it ignores what goes under it
     *                     instead of misreading it as one of its own
     */
    public HeaderRewrite(Map<Integer, Integer> payloadTypes, Map<Integer, Integer> extensionIds, int spareId) {
        if (spareId < 1 || spareId > 14) {
            throw new IllegalArgumentException("the spare extension id must be 1..14: " + spareId);
        }
        this.spareId = spareId;
        Arrays.fill(this.payloadTypes, (byte) NOT_SENT);
        for (Map.Entry<Integer, Integer> entry : payloadTypes.entrySet()) {
            this.payloadTypes[checked(entry.getKey(), 127, "payload type")] = (byte) checked(entry.getValue(), 127, "payload type");
        }
        Arrays.fill(this.extensionIds, (byte) spareId);
        for (Map.Entry<Integer, Integer> entry : extensionIds.entrySet()) {
            this.extensionIds[checked(entry.getKey(), 255, "extension id")] = (byte) checked(entry.getValue(), 255, "extension id");
        }
    }

    /** Whether the subscriber takes packets of this payload type at all. Packet path. */
    public boolean sends(int payloadType) {
        return payloadTypes[payloadType & 0x7F] != NOT_SENT;
    }

    /**
     * Rewrites, in place, the payload type and every header extension element's id of a valid RTP packet whose
     * payload type {@link #sends this subscriber takes}. Extensions that run past {@code length} are left alone.
     */
    public void apply(byte[] buffer, int offset, int length) {
        int second = buffer[offset + 1];
        buffer[offset + 1] = (byte) ((second & 0x80) | payloadTypes[second & 0x7F]);
        if ((buffer[offset] & 0x10) == 0) {
            return;
        }
        int at = offset + RtpHeader.FIXED_LENGTH + 4 * (buffer[offset] & 0x0F);
        int end = offset + length;
        if (at + 4 > end) {
            return;
        }
        int profile = Bytes.readShort(buffer, at);
        int blockEnd = at + 4 + 4 * Bytes.readShort(buffer, at + 2);
        if (blockEnd > end) {
            return;
        }
        if (profile == 0xBEDE) {
            rewriteOneByteElements(buffer, at + 4, blockEnd);
        } else if ((profile & 0xFFF0) == 0x1000) {
            rewriteTwoByteElements(buffer, at + 4, blockEnd);
        }
    }

    /** RFC 8285 §4.2: ID (4 bits) and length minus one (4 bits); 0 is padding, 15 stops. */
    private void rewriteOneByteElements(byte[] buffer, int at, int end) {
        while (at < end) {
            int head = buffer[at] & 0xFF;
            int id = head >>> 4;
            if (id == 0) {
                at++;
                continue;
            }
            if (id == 15) {
                return;
            }
            int mapped = extensionIds[id] & 0xFF;
            buffer[at] = (byte) (((mapped <= 14 ? mapped : spareId) << 4) | (head & 0x0F));
            at += 2 + (head & 0x0F);
        }
    }

    /** RFC 8285 §4.3: ID (8 bits) and length (8 bits); 0 is padding. */
    private void rewriteTwoByteElements(byte[] buffer, int at, int end) {
        while (at + 1 < end) {
            int id = buffer[at] & 0xFF;
            if (id == 0) {
                at++;
                continue;
            }
            buffer[at] = extensionIds[id];
            at += 2 + (buffer[at + 1] & 0xFF);
        }
    }

    private static int checked(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
        return value;
    }
}
