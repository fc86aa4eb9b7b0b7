package org.parley.web.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.api.signalling.IceServer;

/**
 * The credentials Parley issues, checked by a real coturn (use-auth-secret) on loopback: this test is the TURN client,
 * over UDP and over TCP. Issued credentials get a relay; a tampered password, and credentials whose time has passed,
 * are refused with 401.
 */
class CoturnCredentialsTest {

    private static final Duration TTL = Duration.ofHours(12);
    private static final int UDP = 17; // REQUESTED-TRANSPORT: the relay is UDP over either client transport

    private static String secret;
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        Assumptions.assumeTrue(Coturn.installed(),
                "turnserver is not installed (Debian package coturn; scripts/install-test-tools.sh installs it)");
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        coturn = Coturn.start(secret);
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void issuedCredentialsGetARelay(String transport) throws Exception {
        IceServer turn = issuedAt(Clock.systemUTC());

        StunMessage response = allocate(transport, turn, turn.username(), turn.credential());

        assertEquals(StunMessage.ALLOCATE_SUCCESS, response.type, () -> response + "\n" + coturn.log());
        InetSocketAddress relay = response.xorAddress(StunMessage.XOR_RELAYED_ADDRESS);
        assertNotNull(relay, "XOR-RELAYED-ADDRESS in " + response);
        assertEquals(InetAddress.getLoopbackAddress(), relay.getAddress());
        assertTrue(relay.getPort() > 0, relay::toString);
        assertTrue(response.integrityMatches(StunMessage.longTermKey(turn.username(), Coturn.REALM, turn.credential())),
                "coturn signed its answer with the key of the credentials Parley issued");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aTamperedPasswordIsRefused(String transport) throws Exception {
        IceServer turn = issuedAt(Clock.systemUTC());
        String tampered = (turn.credential().charAt(0) == 'A' ? "B" : "A") + turn.credential().substring(1);

        StunMessage response = allocate(transport, turn, turn.username(), tampered);

        assertEquals(StunMessage.ALLOCATE_ERROR, response.type, response::toString);
        assertEquals(401, response.errorCode(), response::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void expiredCredentialsAreRefused(String transport) throws Exception {
        // Issued 13 hours ago with a 12-hour TTL: the user name's expiry passed an hour ago.
        IceServer turn = issuedAt(Clock.fixed(Instant.now().minus(Duration.ofHours(13)), ZoneOffset.UTC));
        long expiry = Long.parseLong(turn.username().substring(0, turn.username().indexOf(':')));
        assertTrue(expiry < Instant.now().getEpochSecond());

        StunMessage response = allocate(transport, turn, turn.username(), turn.credential());

        assertEquals(StunMessage.ALLOCATE_ERROR, response.type, response::toString);
        assertEquals(401, response.errorCode(), response::toString);
    }

    /** The TURN entry Parley's issuer gives a participant, with coturn's URLs and secret configured. */
    private static IceServer issuedAt(Clock clock) {
        String turn = "turn:127.0.0.1:" + coturn.port;
        IceServerIssuer issuer = new IceServerIssuer(TurnSettings.from(
                Optional.of(turn + "?transport=udp," + turn + "?transport=tcp"), Optional.of(secret),
                TTL.toString()), clock);
        List<IceServer> servers = issuer.issueFor("participant-" + System.nanoTime());
        assertEquals(1, servers.size());
        return servers.get(0);
    }

    /**
     * The long-term credential exchange (RFC 5389 §10.2, RFC 5766 §6): an Allocate without credentials gets 401 with
     * REALM and NONCE; the Allocate again with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY gets the answer returned.
     * Over the issued URL of {@code transport}, from a new client address each time (one allocation per address).
     */
    private static StunMessage allocate(String transport, IceServer turn, String username, String password)
            throws Exception {
        TurnUrl url = turn.urls().stream().map(TurnUrl::parse).filter(u -> transport.equals(u.transport()))
                .findFirst().orElseThrow();
        try (StunConnection connection = StunConnection.open(transport, new InetSocketAddress(url.host(), url.port()))) {
            Map<Integer, byte[]> attributes = new LinkedHashMap<>();
            attributes.put(StunMessage.REQUESTED_TRANSPORT, ByteBuffer.allocate(4).put((byte) UDP).array());
            StunMessage challenge = connection.exchange(StunMessage.encode(StunMessage.ALLOCATE_REQUEST,
                    StunMessage.newTransactionId(), attributes, null));
            assertEquals(401, challenge.errorCode(), () -> "an unauthenticated Allocate is challenged: " + challenge);
            assertEquals(Coturn.REALM, challenge.text(StunMessage.REALM));
            String nonce = challenge.text(StunMessage.NONCE);
            assertNotNull(nonce, "NONCE in " + challenge);

            attributes.put(StunMessage.USERNAME, username.getBytes(StandardCharsets.UTF_8));
            attributes.put(StunMessage.REALM, Coturn.REALM.getBytes(StandardCharsets.UTF_8));
            attributes.put(StunMessage.NONCE, nonce.getBytes(StandardCharsets.UTF_8));
            return connection.exchange(StunMessage.encode(StunMessage.ALLOCATE_REQUEST, StunMessage.newTransactionId(),
                    attributes, StunMessage.longTermKey(username, Coturn.REALM, password)));
        }
    }
}
