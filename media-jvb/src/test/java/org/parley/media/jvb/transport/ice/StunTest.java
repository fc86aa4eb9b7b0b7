package org.parley.media.jvb.transport.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.spi.tck.peer.StunBinding;

/** The STUN an ICE-lite agent reads and writes, against requests built as a browser builds them. */
class StunTest {

    private static final String PASSWORD = "server-password-0123456789";
    private final Stun.Request request = new Stun.Request();
    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[24];

    private static Mac mac(String password) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return mac;
    }

    @Test
    void aBrowsersCheckIsReadAndVerifiedOnlyWithTheRightPassword() throws Exception {
        byte[] check = StunBinding.request("srv1:brws", PASSWORD);

        assertTrue(Stun.readBindingRequest(check, 0, check.length, request));
        assertEquals("srv1", new String(check, request.usernameAt(), request.localUfragLength(check), StandardCharsets.US_ASCII));
        assertFalse(request.nominates());
        assertFalse(request.unknownRequired());
        assertTrue(Stun.fingerprintHolds(check, request, crc));
        assertTrue(Stun.integrityHolds(check, request, mac(PASSWORD), scratch));
        assertFalse(Stun.integrityHolds(check, request, mac("another-password-0123456789"), scratch));

        byte[] tampered = check.clone();
        tampered[request.usernameAt()] ^= 1;
        assertFalse(Stun.fingerprintHolds(tampered, request, crc), "the fingerprint covers the whole message");
        assertFalse(Stun.integrityHolds(tampered, request, mac(PASSWORD), scratch));
    }

    @Test
    void malformedMessagesAreNotRead() {
        byte[] check = StunBinding.request("srv1:brws", PASSWORD);
        assertFalse(Stun.readBindingRequest(check, 0, check.length - 4, request), "truncated");
        byte[] longer = Arrays.copyOf(check, check.length + 8);
        assertFalse(Stun.readBindingRequest(longer, 0, longer.length, request), "more bytes than the header says");
        byte[] response = check.clone();
        Bytes.writeShort(response, 0, 0x0101);
        assertFalse(Stun.readBindingRequest(response, 0, response.length, request), "not a request");
        byte[] noCookie = check.clone();
        noCookie[4] ^= 1;
        assertFalse(Stun.readBindingRequest(noCookie, 0, noCookie.length, request), "no magic cookie");
        byte[] overrun = check.clone();
        Bytes.writeShort(overrun, Stun.HEADER + 2, 4000); // USERNAME claims more than there is
        assertFalse(Stun.readBindingRequest(overrun, 0, overrun.length, request));
        assertFalse(Stun.readBindingRequest(new byte[Stun.HEADER - 1], 0, Stun.HEADER - 1, request));
    }

    @Test
    void anUnknownComprehensionRequiredAttributeIsFlaggedAndUseCandidateRead() {
        ByteBuffer message = ByteBuffer.allocate(Stun.HEADER + 12 + 4 + 4 + 24);
        message.putShort((short) Stun.BINDING_REQUEST).putShort((short) (12 + 4 + 4 + 24)).putInt(Stun.MAGIC_COOKIE)
                .put(new byte[12]);
        message.putShort((short) Stun.USERNAME).putShort((short) 8).put("ab:cdefg".getBytes(StandardCharsets.US_ASCII));
        message.putShort((short) Stun.USE_CANDIDATE).putShort((short) 0);
        message.putShort((short) 0x0031).putShort((short) 0); // comprehension-required, unknown here
        message.putShort((short) Stun.MESSAGE_INTEGRITY).putShort((short) 20).put(new byte[20]);
        byte[] bytes = message.array();

        assertTrue(Stun.readBindingRequest(bytes, 0, bytes.length, request));
        assertTrue(request.nominates());
        assertTrue(request.unknownRequired());
        assertEquals(2, request.localUfragLength(bytes));
    }

    @Test
    void theSuccessResponseCarriesTheSendersAddressSignedAndFingerprinted() throws Exception {
        byte[] check = StunBinding.request("srv1:brws", PASSWORD);
        assertTrue(Stun.readBindingRequest(check, 0, check.length, request));
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("192.0.2.33"), 50123);
        byte[] out = new byte[128];

        int length = Stun.writeBindingSuccess(check, request, from, mac(PASSWORD), crc, out);

        byte[] response = Arrays.copyOf(out, length);
        assertTrue(StunBinding.isSuccessResponse(response, length, StunBinding.transactionId(check)));
        assertEquals(length - Stun.HEADER, Bytes.readShort(response, 2));
        // XOR-MAPPED-ADDRESS: port and address XORed with the magic cookie.
        assertEquals(Stun.XOR_MAPPED_ADDRESS, Bytes.readShort(response, 20));
        assertEquals(50123, Bytes.readShort(response, 26) ^ (Stun.MAGIC_COOKIE >>> 16));
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) (response[28 + i] ^ response[4 + i]);
        }
        assertArrayEquals(from.getAddress().getAddress(), address);
        // MESSAGE-INTEGRITY, computed independently; then FINGERPRINT, last.
        int integrityAt = 32;
        assertEquals(Stun.MESSAGE_INTEGRITY, Bytes.readShort(response, integrityAt));
        byte[] signed = Arrays.copyOf(response, integrityAt);
        Bytes.writeShort(signed, 2, integrityAt + 24 - Stun.HEADER);
        assertArrayEquals(mac(PASSWORD).doFinal(signed), Arrays.copyOfRange(response, integrityAt + 4, integrityAt + 24));
        assertEquals(Stun.FINGERPRINT, Bytes.readShort(response, integrityAt + 24));
        CRC32 independent = new CRC32();
        independent.update(response, 0, integrityAt + 24);
        assertEquals((int) independent.getValue() ^ 0x5354554E, Bytes.readInt(response, integrityAt + 28));
    }
}
