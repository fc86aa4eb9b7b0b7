package org.parley.media.jvb.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.media.jvb.rtp.Bytes;

/**
 * What the media port does with a datagram whose first byte says STUN, from anyone on the internet: read it as a
 * binding request (or refuse it) without throwing or reading outside it, find the session its USERNAME names, and check
 * FINGERPRINT and MESSAGE-INTEGRITY. A request that reads, once signed with the session's password, verifies, and the
 * answer to it is a well-formed success response.
 */
class StunFuzzTest {

    private static final String PASSWORD = "server-password-0123456789";
    private static final int OFFSET = 3;
    private static final StunSession SESSION = new StunSession() {
        @Override
        public void onBindingRequest(IceLink link, InetSocketAddress from, byte[] buffer, int offset, int length,
                                     StunScratch scratch) {
        }

        @Override
        public void onPacket(byte[] buffer, int offset, int length) {
        }
    };

    private final SessionsByUfrag sessions = new SessionsByUfrag();
    private final StunScratch scratch = new StunScratch();
    private final Mac mac = mac();

    StunFuzzTest() {
        sessions.register("srv1", SESSION);
    }

    @FuzzTest
    void bindingRequest(byte[] datagram) throws Exception {
        byte[] buffer = new byte[OFFSET + datagram.length + 5];
        System.arraycopy(datagram, 0, buffer, OFFSET, datagram.length);
        int end = OFFSET + datagram.length;
        Stun.Request request = scratch.request;
        StunSession found = sessions.lookUp(buffer, OFFSET, datagram.length, scratch);
        boolean read = Stun.readBindingRequest(buffer, OFFSET, datagram.length, request);
        if (!read) {
            assertEquals(null, found, "only a binding request finds a session");
            return;
        }
        assertTrue(request.usernameAt >= OFFSET + Stun.HEADER + 4 && request.usernameAt + request.usernameLength <= end);
        assertTrue(request.integrityAt >= OFFSET + Stun.HEADER && request.integrityAt + 24 <= end);
        assertTrue(request.fingerprintAt < 0 || request.fingerprintAt + 8 == end, "FINGERPRINT comes last");
        int ufrag = request.localUfragLength(buffer);
        assertTrue(ufrag >= -1 && ufrag < request.usernameLength);
        boolean ours = ufrag == 4 && "srv1".equals(new String(buffer, request.usernameAt, 4, StandardCharsets.ISO_8859_1));
        assertEquals(ours ? SESSION : null, found);

        Stun.fingerprintHolds(buffer, request, scratch.crc);
        Stun.integrityHolds(buffer, request, mac, scratch.mac);

        // The same request as the browser holding the password would send it: it verifies, and is answered.
        sign(buffer, request, mac);
        assertTrue(Stun.readBindingRequest(buffer, OFFSET, datagram.length, request), "signing changes no structure");
        assertTrue(Stun.fingerprintHolds(buffer, request, scratch.crc));
        assertTrue(Stun.integrityHolds(buffer, request, mac, scratch.mac));
        byte[] tampered = buffer.clone();
        tampered[request.integrityAt + 4] ^= 1;
        assertFalse(Stun.integrityHolds(tampered, request, mac, scratch.mac));
        int length = Stun.writeBindingSuccess(buffer, request,
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 33}), 50123), mac,
                scratch.crc, scratch.response);
        assertEquals(length - Stun.HEADER, Bytes.readShort(scratch.response, 2));
        assertEquals(Stun.BINDING_SUCCESS, Bytes.readShort(scratch.response, 0));
        assertTrue(Arrays.equals(buffer, OFFSET + 4, OFFSET + Stun.HEADER, scratch.response, 4, Stun.HEADER),
                "the cookie and transaction id of the request");
    }

    /** MESSAGE-INTEGRITY (RFC 8489 §14.5) and FINGERPRINT (§14.7) as the request's sender computes them. */
    private static void sign(byte[] buffer, Stun.Request request, Mac mac) {
        int integrityEnd = request.integrityAt + 24;
        byte[] signed = Arrays.copyOfRange(buffer, OFFSET, request.integrityAt);
        Bytes.writeShort(signed, 2, integrityEnd - OFFSET - Stun.HEADER);
        System.arraycopy(mac.doFinal(signed), 0, buffer, request.integrityAt + 4, 20);
        if (request.fingerprintAt >= 0) {
            CRC32 crc = new CRC32();
            crc.update(buffer, OFFSET, request.fingerprintAt - OFFSET);
            Bytes.writeInt(buffer, request.fingerprintAt + 4, (int) crc.getValue() ^ 0x5354554E);
        }
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
