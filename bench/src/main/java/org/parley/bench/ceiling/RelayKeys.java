package org.parley.bench.ceiling;

import org.parley.bench.peer.SrtpSession;

/**
 * Pre-shared SRTP keys for the ceiling relays (AES-GCM, as browsers negotiate with Parley): participant i's key
 * is a fixed key with i mixed in. The bare relay forwards bytes unchanged, so there everyone uses key 0.
 */
public final class RelayKeys {

    private RelayKeys() {}

    public static SrtpSession session(int index, boolean sender) {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x30 + i);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (0x70 + i);
        }
        key[0] ^= (byte) (index >>> 24);
        key[1] ^= (byte) (index >>> 16);
        key[2] ^= (byte) (index >>> 8);
        key[3] ^= (byte) index;
        return new SrtpSession(sender, true, key, salt);
    }

    /** "PBHELLO" + the participant index: registers the sender's address as a destination. */
    public static byte[] hello(int index) {
        byte[] b = {'P', 'B', 'H', 'E', 'L', 'L', 'O', 0, 0, 0, 0};
        b[7] = (byte) (index >>> 24);
        b[8] = (byte) (index >>> 16);
        b[9] = (byte) (index >>> 8);
        b[10] = (byte) index;
        return b;
    }

    /** Copies a control datagram into {@code scratch}; false (nothing copied) for media. */
    static boolean isHelloOrBye(java.nio.ByteBuffer in, byte[] scratch, int len) {
        if ((len != 11 && len != 5 && len != 7) || in.get(0) != 'P' || in.get(1) != 'B') {
            return false;
        }
        in.get(in.position(), scratch, 0, len);
        return true;
    }

    static boolean isHello(byte[] b, int len) {
        return len == 11 && b[0] == 'P' && b[1] == 'B' && b[2] == 'H';
    }

    static boolean isReset(byte[] b, int len) {
        return len == 7 && b[0] == 'P' && b[1] == 'B' && b[2] == 'R';
    }

    /** Forget every registration: the next scenario starts from nothing (the JVM stays warm). */
    public static byte[] reset() {
        return new byte[] {'P', 'B', 'R', 'E', 'S', 'E', 'T'};
    }

    static boolean isBye(byte[] b, int len) {
        return len == 5 && b[0] == 'P' && b[1] == 'B' && b[2] == 'B';
    }

    public static byte[] bye() {
        return new byte[] {'P', 'B', 'B', 'Y', 'E'};
    }

    static int helloIndex(byte[] b) {
        return ((b[7] & 0xFF) << 24) | ((b[8] & 0xFF) << 16) | ((b[9] & 0xFF) << 8) | (b[10] & 0xFF);
    }
}
