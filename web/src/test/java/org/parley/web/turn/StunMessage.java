package org.parley.web.turn;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STUN message (RFC 5389) with the TURN attributes (RFC 5766) the coturn test needs, written here so the test
 * depends on no TURN library: a 20-byte header (type, length, magic cookie, transaction id), then attributes as
 * type-length-value padded to 4 bytes, MESSAGE-INTEGRITY last.
 */
final class StunMessage {

    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int ALLOCATE_REQUEST = 0x0003;
    static final int ALLOCATE_SUCCESS = 0x0103;
    static final int ALLOCATE_ERROR = 0x0113;

    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int REQUESTED_TRANSPORT = 0x0019;

    static final int HEADER_LENGTH = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int INTEGRITY_LENGTH = 4 + 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    final int type;
    final byte[] transactionId;
    final Map<Integer, byte[]> attributes;
    /** Where MESSAGE-INTEGRITY starts in {@link #raw}, or -1. */
    private final int integrityOffset;
    private final byte[] raw;

    private StunMessage(int type, byte[] transactionId, Map<Integer, byte[]> attributes, int integrityOffset, byte[] raw) {
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.integrityOffset = integrityOffset;
        this.raw = raw;
    }

    static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    /** Encodes a message; with a {@code key}, MESSAGE-INTEGRITY over everything before it is appended. */
    static byte[] encode(int type, byte[] transactionId, Map<Integer, byte[]> attributes, byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        attributes.forEach((attribute, value) -> {
            body.writeBytes(ByteBuffer.allocate(4).putShort((short) attribute.intValue()).putShort((short) value.length).array());
            body.writeBytes(value);
            body.writeBytes(new byte[(4 - value.length % 4) % 4]);
        });
        int length = body.size() + (key == null ? 0 : INTEGRITY_LENGTH);
        ByteBuffer message = ByteBuffer.allocate(HEADER_LENGTH + length)
                .putShort((short) type).putShort((short) length).putInt(MAGIC_COOKIE).put(transactionId)
                .put(body.toByteArray());
        if (key != null) {
            byte[] signed = Arrays.copyOf(message.array(), message.position());
            message.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmacSha1(key, signed));
        }
        return message.array();
    }

    static StunMessage decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int type = in.getShort() & 0xffff;
        int length = in.getShort() & 0xffff;
        if (in.getInt() != MAGIC_COOKIE || bytes.length != HEADER_LENGTH + length) {
            throw new IllegalArgumentException("Not a STUN message: " + bytes.length + " bytes");
        }
        byte[] transactionId = new byte[12];
        in.get(transactionId);
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        int integrityOffset = -1;
        while (in.remaining() >= 4) {
            int offset = in.position();
            int attribute = in.getShort() & 0xffff;
            byte[] value = new byte[in.getShort() & 0xffff];
            in.get(value);
            in.position(Math.min(in.limit(), in.position() + (4 - value.length % 4) % 4));
            attributes.putIfAbsent(attribute, value);
            if (attribute == MESSAGE_INTEGRITY) {
                integrityOffset = offset;
            }
        }
        return new StunMessage(type, transactionId, attributes, integrityOffset, bytes);
    }

    /** The long-term credential key (RFC 5389 §15.4): MD5(username ":" realm ":" password). */
    static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this message carries a MESSAGE-INTEGRITY made with {@code key}. */
    boolean integrityMatches(byte[] key) {
        if (integrityOffset < 0) {
            return false;
        }
        byte[] signed = Arrays.copyOf(raw, integrityOffset);
        ByteBuffer.wrap(signed).putShort(2, (short) (integrityOffset + INTEGRITY_LENGTH - HEADER_LENGTH));
        byte[] expected = hmacSha1(key, signed);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24));
    }

    String text(int attribute) {
        byte[] value = attributes.get(attribute);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** ERROR-CODE as a number such as 401, or 0 when there is none. */
    int errorCode() {
        byte[] value = attributes.get(ERROR_CODE);
        return value == null ? 0 : (value[2] & 0x07) * 100 + (value[3] & 0xff);
    }

    /** An XOR-…-ADDRESS attribute (IPv4) decoded, or null. */
    InetSocketAddress xorAddress(int attribute) throws UnknownHostException {
        byte[] value = attributes.get(attribute);
        if (value == null || value[1] != 0x01) {
            return null;
        }
        int port = (((value[2] & 0xff) << 8) | (value[3] & 0xff)) ^ (MAGIC_COOKIE >>> 16);
        byte[] address = ByteBuffer.allocate(4).putInt(ByteBuffer.wrap(value, 4, 4).getInt() ^ MAGIC_COOKIE).array();
        return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }

    @Override
    public String toString() {
        return String.format("STUN 0x%04x error=%d attributes=%s", type, errorCode(),
                attributes.keySet().stream().map(a -> String.format("0x%04x", a)).toList());
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
