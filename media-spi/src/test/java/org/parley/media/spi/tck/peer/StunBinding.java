package org.parley.media.spi.tck.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ICE connectivity checks built byte by byte (RFC 8489 / RFC 8445 section 7.1.2), so tests can send exactly the
 * check they mean: right or wrong USERNAME, right or wrong MESSAGE-INTEGRITY, from any socket.
 */
public final class StunBinding {

    public static final int HEADER = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int PRIORITY = 0x0024;
    private static final int ICE_CONTROLLING = 0x802A;
    private static final int USE_CANDIDATE = 0x0025;
    private static final int FINGERPRINT = 0x8028;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StunBinding() {}

    /**
     * A binding request as a controlling browser sends it.
     *
     * @param username {@code <receiver's ufrag>:<sender's ufrag>}
     * @param password the receiver's ICE password (the key of MESSAGE-INTEGRITY)
     */
    public static byte[] request(String username, String password) {
        return request(username, password, false);
    }

    /** The same, nominating the pair (USE-CANDIDATE) when {@code nominate}. */
    public static byte[] request(String username, String password, boolean nominate) {
        byte[] transactionId = new byte[12];
        RANDOM.nextBytes(transactionId);
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int attributes = (4 + userPadded) + (4 + 4) + (4 + 8) + (nominate ? 4 : 0);
        ByteBuffer message = ByteBuffer.allocate(HEADER + attributes + (4 + 20) + (4 + 4));
        message.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
        message.putShort((short) USERNAME).putShort((short) user.length).put(user).put(new byte[userPadded - user.length]);
        message.putShort((short) PRIORITY).putShort((short) 4).putInt(1853824767);
        message.putShort((short) ICE_CONTROLLING).putShort((short) 8).putLong(RANDOM.nextLong());
        if (nominate) {
            message.putShort((short) USE_CANDIDATE).putShort((short) 0);
        }
        // MESSAGE-INTEGRITY covers everything before it, with the length field counting up to its own end.
        message.putShort(2, (short) (attributes + 24));
        byte[] hmac = hmacSha1(password.getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(message.array(), HEADER + attributes));
        message.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
        message.putShort(2, (short) (attributes + 24 + 8));
        CRC32 crc = new CRC32();
        crc.update(message.array(), 0, HEADER + attributes + 24);
        message.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return message.array();
    }

    /** The 12-byte transaction id of a STUN message. */
    public static byte[] transactionId(byte[] message) {
        return Arrays.copyOfRange(message, 8, HEADER);
    }

    /** Whether {@code datagram} is a binding success response to the request with {@code transactionId}. */
    public static boolean isSuccessResponse(byte[] datagram, int length, byte[] transactionId) {
        return length >= HEADER && ((datagram[0] & 0xFF) << 8 | (datagram[1] & 0xFF)) == BINDING_SUCCESS
                && Arrays.equals(Arrays.copyOfRange(datagram, 8, HEADER), transactionId);
    }

    /** Whether the datagram is a STUN message answering {@code transactionId} at all (success or error). */
    public static boolean answers(byte[] datagram, int length, byte[] transactionId) {
        return length >= HEADER && (datagram[0] & 0xC0) == 0
                && Arrays.equals(Arrays.copyOfRange(datagram, 8, HEADER), transactionId);
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
