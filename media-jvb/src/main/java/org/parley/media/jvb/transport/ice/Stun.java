package org.parley.media.jvb.transport.ice;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.parley.media.jvb.rtp.Bytes;

/**
 * The part of STUN (RFC 8489) an ICE-lite agent needs (RFC 8445): reading a binding request in place (its USERNAME,
 * whether it nominates, its MESSAGE-INTEGRITY and FINGERPRINT checked) and writing the success response. Nothing
 * here allocates: the caller owns the buffers, the {@link Mac} (keyed with the ICE password) and the {@link CRC32}.
 */
public final class Stun {

    public static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;

    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;
    private static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int HMAC_LENGTH = 20;

    private Stun() {}

    /** What a binding request says, read in place; reused by one reading thread. */
    public static final class Request {
        int offset;
        int usernameAt = -1;
        int usernameLength;
        /** Where the MESSAGE-INTEGRITY attribute starts, -1 when absent. */
        int integrityAt = -1;
        int fingerprintAt = -1;
        boolean useCandidate;
        /** A comprehension-required attribute this agent does not know (RFC 8489 §14): the request is refused. */
        boolean unknownRequired;

        /** The local ufrag: USERNAME up to its colon ({@code <local>:<remote>}), as bytes in the datagram. */
        public int localUfragLength(byte[] buffer) {
            for (int i = 0; i < usernameLength; i++) {
                if (buffer[usernameAt + i] == ':') {
                    return i;
                }
            }
            return -1;
        }

        public boolean nominates() {
            return useCandidate;
        }

        public boolean unknownRequired() {
            return unknownRequired;
        }

        public int usernameAt() {
            return usernameAt;
        }

        public int usernameLength() {
            return usernameLength;
        }
    }

    /** Whether the datagram is STUN at all (RFC 7983: first byte 0-3, and the magic cookie). */
    private static boolean looksLikeStun(byte[] buffer, int offset, int length) {
        return length >= HEADER && (buffer[offset] & 0xC0) == 0 && Bytes.readInt(buffer, offset + 4) == MAGIC_COOKIE;
    }

    /**
     * Reads a binding request's attributes into {@code into}.
     *
     * @return false when it is not a well-formed binding request (wrong type, lengths that do not add up, no
     *         USERNAME or MESSAGE-INTEGRITY, attributes other than FINGERPRINT after MESSAGE-INTEGRITY)
     */
    public static boolean readBindingRequest(byte[] buffer, int offset, int length, Request into) {
        if (!looksLikeStun(buffer, offset, length) || Bytes.readShort(buffer, offset) != BINDING_REQUEST) {
            return false;
        }
        int bodyLength = Bytes.readShort(buffer, offset + 2);
        if (bodyLength % 4 != 0 || HEADER + bodyLength != length) {
            return false;
        }
        into.offset = offset;
        into.usernameAt = -1;
        into.integrityAt = -1;
        into.fingerprintAt = -1;
        into.useCandidate = false;
        into.unknownRequired = false;
        int at = offset + HEADER;
        int end = offset + length;
        while (at + 4 <= end) {
            int type = Bytes.readShort(buffer, at);
            int valueLength = Bytes.readShort(buffer, at + 2);
            int next = at + 4 + ((valueLength + 3) & ~3);
            if (next > end) {
                return false;
            }
            if (into.fingerprintAt >= 0) {
                return false; // FINGERPRINT comes last
            }
            if (into.integrityAt >= 0 && type != FINGERPRINT) {
                at = next; // after MESSAGE-INTEGRITY only FINGERPRINT counts; the rest is ignored
                continue;
            }
            switch (type) {
                case USERNAME -> {
                    into.usernameAt = at + 4;
                    into.usernameLength = valueLength;
                }
                case MESSAGE_INTEGRITY -> {
                    if (valueLength != HMAC_LENGTH) {
                        return false;
                    }
                    into.integrityAt = at;
                }
                case FINGERPRINT -> {
                    if (valueLength != 4) {
                        return false;
                    }
                    into.fingerprintAt = at;
                }
                case USE_CANDIDATE -> into.useCandidate = true;
                case PRIORITY, ICE_CONTROLLED, ICE_CONTROLLING -> { }
                default -> into.unknownRequired |= type < 0x8000;
            }
            at = next;
        }
        return at == end && into.usernameAt >= 0 && into.integrityAt >= 0;
    }

    /** Whether the request's FINGERPRINT, if it has one, is right. */
    public static boolean fingerprintHolds(byte[] buffer, Request request, CRC32 crc) {
        if (request.fingerprintAt < 0) {
            return true;
        }
        crc.reset();
        crc.update(buffer, request.offset, request.fingerprintAt - request.offset);
        int expected = (int) crc.getValue() ^ FINGERPRINT_XOR;
        return Bytes.readInt(buffer, request.fingerprintAt + 4) == expected;
    }

    /**
     * Whether MESSAGE-INTEGRITY verifies with {@code mac} (HMAC-SHA1 keyed with this agent's ICE password): computed
     * over the message up to the attribute, with the header's length as if the message ended right after it.
     *
     * @param scratch at least 24 bytes
     */
    public static boolean integrityHolds(byte[] buffer, Request request, Mac mac, byte[] scratch) {
        int start = request.offset;
        int integrityEnd = request.integrityAt + 4 + HMAC_LENGTH;
        System.arraycopy(buffer, start, scratch, 0, 4);
        Bytes.writeShort(scratch, 2, integrityEnd - start - HEADER);
        mac.update(scratch, 0, 4);
        mac.update(buffer, start + 4, request.integrityAt - start - 4);
        try {
            mac.doFinal(scratch, 4);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("scratch too small", e);
        }
        int diff = 0;
        for (int i = 0; i < HMAC_LENGTH; i++) {
            diff |= scratch[4 + i] ^ buffer[request.integrityAt + 4 + i];
        }
        return diff == 0;
    }

    /**
     * Writes the success response to {@code request} into {@code out}: XOR-MAPPED-ADDRESS (where the request came
     * from), MESSAGE-INTEGRITY with {@code mac}, FINGERPRINT.
     *
     * @param out at least 96 bytes
     * @return the response's length
     */
    public static int writeBindingSuccess(byte[] request, Request read, InetSocketAddress from, Mac mac, CRC32 crc,
                                          byte[] out) {
        Bytes.writeShort(out, 0, BINDING_SUCCESS);
        System.arraycopy(request, read.offset + 4, out, 4, 16); // cookie and transaction id
        int at = HEADER;
        byte[] address = from.getAddress().getAddress();
        boolean v4 = from.getAddress() instanceof Inet4Address;
        Bytes.writeShort(out, at, XOR_MAPPED_ADDRESS);
        Bytes.writeShort(out, at + 2, v4 ? 8 : 20);
        out[at + 4] = 0;
        out[at + 5] = (byte) (v4 ? 1 : 2);
        Bytes.writeShort(out, at + 6, from.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < address.length; i++) {
            out[at + 8 + i] = (byte) (address[i] ^ out[4 + i]); // the cookie, then (IPv6) the transaction id
        }
        at += 8 + address.length;
        Bytes.writeShort(out, 2, at + 4 + HMAC_LENGTH - HEADER);
        mac.update(out, 0, at);
        Bytes.writeShort(out, at, MESSAGE_INTEGRITY);
        Bytes.writeShort(out, at + 2, HMAC_LENGTH);
        try {
            mac.doFinal(out, at + 4);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("response buffer too small", e);
        }
        at += 4 + HMAC_LENGTH;
        Bytes.writeShort(out, 2, at + 8 - HEADER);
        crc.reset();
        crc.update(out, 0, at);
        Bytes.writeShort(out, at, FINGERPRINT);
        Bytes.writeShort(out, at + 2, 4);
        Bytes.writeInt(out, at + 4, (int) crc.getValue() ^ FINGERPRINT_XOR);
        return at + 8;
    }
}
