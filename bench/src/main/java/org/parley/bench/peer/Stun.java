package org.parley.bench.peer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages an ICE controlling agent with one host candidate needs (RFC 5389, RFC 8445): a Binding
 * request with USE-CANDIDATE, and Binding success responses to the server's own checks.
 */
final class Stun {

    static final int MAGIC = 0x2112A442;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Stun() {}

    static boolean isStun(byte[] b, int len) {
        return len >= 20 && (b[0] & 0xC0) == 0 && readInt(b, 4) == MAGIC;
    }

    static int type(byte[] b) {
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    /** A connectivity check (nominating when controlling): USERNAME remote:local, signed with the remote password. */
    static byte[] bindingRequest(byte[] transactionId, String username, String remotePassword, long tieBreaker,
            boolean controlling) {
        ByteBuffer out = ByteBuffer.allocate(256);
        header(out, 0x0001, transactionId);
        attribute(out, 0x0006, username.getBytes(StandardCharsets.UTF_8));
        attribute(out, 0x0024, ByteBuffer.allocate(4).putInt(0x6E7F00FF).array()); // prflx-type priority
        attribute(out, controlling ? 0x802A : 0x8029, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        if (controlling) {
            attribute(out, 0x0025, new byte[0]); // USE-CANDIDATE: aggressive nomination of the only pair
        }
        return sign(out, remotePassword);
    }

    /** The success response to a check from {@code from}, signed with our own password. */
    static byte[] bindingSuccess(byte[] request, InetSocketAddress from, String localPassword) {
        byte[] transactionId = new byte[12];
        System.arraycopy(request, 8, transactionId, 0, 12);
        ByteBuffer out = ByteBuffer.allocate(128);
        header(out, 0x0101, transactionId);
        byte[] ip = from.getAddress().getAddress();
        ByteBuffer xor = ByteBuffer.allocate(8);
        xor.put((byte) 0).put((byte) 1).putShort((short) (from.getPort() ^ (MAGIC >>> 16)));
        int address = ((ip[0] & 0xFF) << 24) | ((ip[1] & 0xFF) << 16) | ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF);
        xor.putInt(address ^ MAGIC);
        attribute(out, 0x0020, xor.array());
        return sign(out, localPassword);
    }

    static boolean sameTransaction(byte[] b, byte[] transactionId) {
        for (int i = 0; i < 12; i++) {
            if (b[8 + i] != transactionId[i]) {
                return false;
            }
        }
        return true;
    }

    private static void header(ByteBuffer out, int type, byte[] transactionId) {
        out.putShort((short) type).putShort((short) 0).putInt(MAGIC).put(transactionId);
    }

    private static void attribute(ByteBuffer out, int type, byte[] value) {
        out.putShort((short) type).putShort((short) value.length).put(value);
        while (out.position() % 4 != 0) {
            out.put((byte) 0);
        }
    }

    /** Appends MESSAGE-INTEGRITY and FINGERPRINT, fixing the length field before each as the RFC requires. */
    private static byte[] sign(ByteBuffer out, String password) {
        int integrityAt = out.position();
        out.putShort(2, (short) (integrityAt - 20 + 24));
        byte[] hmac;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(out.array(), 0, integrityAt);
            hmac = mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        attribute(out, 0x0008, hmac);
        int fingerprintAt = out.position();
        out.putShort(2, (short) (fingerprintAt - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, fingerprintAt);
        attribute(out, 0x8028, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554E).array());
        byte[] message = new byte[out.position()];
        System.arraycopy(out.array(), 0, message, 0, message.length);
        return message;
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
