package org.parley.web.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 14, item 6: tokens the test signs itself, good and bad, against a configured key and a JWKS. */
class TokenVerifierTest {

    private static final String ISSUER = "https://login.example.com/realms/staff";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static KeyPair issuerRsa;
    private static KeyPair issuerEc;
    private static KeyPair stranger;

    private HttpServer jwksServer;

    @BeforeAll
    static void keys() throws Exception {
        issuerRsa = TestTokens.rsa();
        issuerEc = TestTokens.ec();
        stranger = TestTokens.rsa();
    }

    @AfterEach
    void stopServer() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    private static SignInSettings settings(Optional<URI> jwks, Optional<String> key, Optional<String> audience) {
        return new SignInSettings(ISSUER, jwks, key, "groups", "parley-hosts", audience, SignInSettings.DEFAULT_LEEWAY);
    }

    private static TokenVerifier withConfiguredKey(KeyPair pair) {
        return new TokenVerifier(settings(Optional.empty(), Optional.of(TestTokens.pem(pair)), Optional.empty()),
                new ConfiguredKey(TestTokens.pem(pair)));
    }

    private static JsonObject claims(String issuer, Instant expires, String... groups) {
        var list = Json.createArrayBuilder();
        for (String group : groups) {
            list.add(group);
        }
        return Json.createObjectBuilder().add("iss", issuer).add("sub", "ana").add("upn", "ana@example.com")
                .add("iat", NOW.minusSeconds(60).getEpochSecond()).add("exp", expires.getEpochSecond())
                .add("groups", list).build();
    }

    @Test
    void aTokenOfTheIssuerForSomeoneInTheHostsGroupMayHost() throws Exception {
        String token = TestTokens.sign(TestTokens.header("RS256", null),
                claims(ISSUER, NOW.plusSeconds(300), "staff", "parley-hosts"), issuerRsa.getPrivate());

        SignInVerdict verdict = withConfiguredKey(issuerRsa).verify(token, NOW);

        SignInVerdict.Host host = assertInstanceOf(SignInVerdict.Host.class, verdict);
        assertEquals("ana@example.com", host.subject());
    }

    @Test
    void someoneOutsideTheHostsGroupIsKnownButNotAHost() throws Exception {
        String token = TestTokens.sign(TestTokens.header("RS256", null), claims(ISSUER, NOW.plusSeconds(300), "staff"),
                issuerRsa.getPrivate());

        SignInVerdict.NotAHost verdict = assertInstanceOf(SignInVerdict.NotAHost.class,
                withConfiguredKey(issuerRsa).verify(token, NOW));
        assertTrue(verdict.reason().contains("parley-hosts"), verdict.reason());
    }

    @Test
    void expiredWrongIssuerAndWrongSignatureAreRefusedEachWithItsReason() throws Exception {
        TokenVerifier verifier = withConfiguredKey(issuerRsa);

        String expired = TestTokens.sign(TestTokens.header("RS256", null),
                claims(ISSUER, NOW.minusSeconds(120), "parley-hosts"), issuerRsa.getPrivate());
        assertRefused(verifier.verify(expired, NOW), "expired");
        // Within the 60 s leeway for clocks that differ a little: still accepted.
        String justExpired = TestTokens.sign(TestTokens.header("RS256", null),
                claims(ISSUER, NOW.minusSeconds(30), "parley-hosts"), issuerRsa.getPrivate());
        assertInstanceOf(SignInVerdict.Host.class, verifier.verify(justExpired, NOW));

        String otherIssuer = TestTokens.sign(TestTokens.header("RS256", null),
                claims("https://evil.example.net", NOW.plusSeconds(300), "parley-hosts"), issuerRsa.getPrivate());
        assertRefused(verifier.verify(otherIssuer, NOW), "not from the configured issuer");

        String forged = TestTokens.sign(TestTokens.header("RS256", null),
                claims(ISSUER, NOW.plusSeconds(300), "parley-hosts"), stranger.getPrivate());
        assertRefused(verifier.verify(forged, NOW), "signature does not verify");

        // A genuine token whose payload was edited afterwards (a group added).
        String genuine = TestTokens.sign(TestTokens.header("RS256", null), claims(ISSUER, NOW.plusSeconds(300), "staff"),
                issuerRsa.getPrivate());
        String[] parts = genuine.split("\\.");
        String edited = parts[0] + "." + TestTokens.encode(claims(ISSUER, NOW.plusSeconds(300), "parley-hosts").toString())
                + "." + parts[2];
        assertRefused(verifier.verify(edited, NOW), "signature does not verify");
    }

    @Test
    void unsignedAndSharedSecretTokensAreRefused() throws Exception {
        TokenVerifier verifier = withConfiguredKey(issuerRsa);
        String payload = TestTokens.encode(claims(ISSUER, NOW.plusSeconds(300), "parley-hosts").toString());

        String none = TestTokens.encode(TestTokens.header("none", null).toString()) + "." + payload + ".";
        assertRefused(verifier.verify(none, NOW), "alg 'none'");

        // The classic confusion: HS256 keyed with the issuer's public key, which everyone knows.
        String header = TestTokens.encode(TestTokens.header("HS256", null).toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestTokens.pem(issuerRsa).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String hs = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        assertRefused(verifier.verify(hs, NOW), "accepts RS256 and ES256");
    }

    @Test
    void hugeAndMalformedTokensAreRefusedUnread() throws Exception {
        TokenVerifier verifier = withConfiguredKey(issuerRsa);
        assertRefused(verifier.verify("a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1) + ".b.c", NOW), "larger than");
        assertRefused(verifier.verify("..", NOW), "not a signed JWT");
        assertRefused(verifier.verify("%%%.***.!!!", NOW), "not base64url-encoded JSON");
        assertRefused(verifier.verify(TestTokens.encode("[1,2]") + "." + TestTokens.encode("{}") + ".x", NOW),
                "not base64url-encoded JSON");
        assertRefused(verifier.verify(TestTokens.encode("{\"alg\":\"RS256\"}") + "." + TestTokens.encode("{\"iss\":")
                + ".x", NOW), "not base64url-encoded JSON");
    }

    @Test
    void notYetValidAndOtherAudiencesAreRefused() throws Exception {
        TokenVerifier verifier = new TokenVerifier(settings(Optional.empty(), Optional.of(TestTokens.pem(issuerRsa)),
                Optional.of("parley")), new ConfiguredKey(TestTokens.pem(issuerRsa)));
        JsonObject base = claims(ISSUER, NOW.plusSeconds(300), "parley-hosts");

        String early = TestTokens.sign(TestTokens.header("RS256", null), Json.createObjectBuilder(base)
                .add("aud", "parley").add("nbf", NOW.plusSeconds(600).getEpochSecond()).build(), issuerRsa.getPrivate());
        assertRefused(verifier.verify(early, NOW), "not valid before");
        String elsewhere = TestTokens.sign(TestTokens.header("RS256", null), Json.createObjectBuilder(base)
                .add("aud", Json.createArrayBuilder().add("payroll")).build(), issuerRsa.getPrivate());
        assertRefused(verifier.verify(elsewhere, NOW), "audience");
        String forUs = TestTokens.sign(TestTokens.header("RS256", null), Json.createObjectBuilder(base)
                .add("aud", Json.createArrayBuilder().add("payroll").add("parley")).build(), issuerRsa.getPrivate());
        assertInstanceOf(SignInVerdict.Host.class, verifier.verify(forUs, NOW));
    }

    @Test
    void keysComeFromTheIssuersJwksWhichIsFetchedAgainOnRotationButNotForEveryUnknownKeyId() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        String[] published = {Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
                .add(TestTokens.jwk(issuerEc, "ec-1")).add(TestTokens.jwk(issuerRsa, "rsa-1"))).build().toString()};
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published[0].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        URI url = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/certs");
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        TokenVerifier verifier = new TokenVerifier(settings(Optional.of(url), Optional.empty(), Optional.empty()),
                new JwksKeys(url, clock));
        JsonObject claims = claims(ISSUER, NOW.plusSeconds(3600), "parley-hosts");

        assertInstanceOf(SignInVerdict.Host.class, verifier.verify(TestTokens.sign(TestTokens.header("ES256", "ec-1"),
                claims, issuerEc.getPrivate()), now[0]));
        assertInstanceOf(SignInVerdict.Host.class, verifier.verify(TestTokens.sign(TestTokens.header("RS256", "rsa-1"),
                claims, issuerRsa.getPrivate()), now[0]));
        assertEquals(1, fetches.get(), "one fetch serves both keys");

        // Made-up key ids: refused, and the identity provider is asked again at most once per 30 s.
        now[0] = NOW.plus(JwksKeys.MIN_REFETCH);
        for (int i = 0; i < 50; i++) {
            assertRefused(verifier.verify(TestTokens.sign(TestTokens.header("RS256", UUID.randomUUID().toString()),
                    claims, stranger.getPrivate()), now[0]), "names no key");
        }
        assertEquals(2, fetches.get(), "50 unknown key ids, one more fetch");

        // The issuer rotates to a new key; a token with its id is accepted once the refetch interval has passed.
        KeyPair rotated = TestTokens.rsa();
        published[0] = Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
                .add(TestTokens.jwk(rotated, "rsa-2"))).build().toString();
        now[0] = now[0].plus(JwksKeys.MIN_REFETCH);
        assertInstanceOf(SignInVerdict.Host.class, verifier.verify(TestTokens.sign(TestTokens.header("RS256", "rsa-2"),
                claims, rotated.getPrivate()), now[0]));
        assertEquals(3, fetches.get());
    }

    @Test
    void withoutAnIdentityProviderTokensAreRefusedSayingSo() {
        HostSignIn signIn = new HostSignIn(Optional.empty(), Optional.empty(), Optional.empty(), "groups", "parley-hosts",
                Optional.empty());
        assertRefused(signIn.verify("a.b.c"), "no identity provider is configured");
    }

    @Test
    void settingsNeedExactlyOneKeySource() {
        IllegalArgumentException both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(Optional.of(URI.create("https://idp/certs")), Optional.of("key"), Optional.empty()));
        assertTrue(both.getMessage().contains("exactly one"), both.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ConfiguredKey("not a key"));
    }

    private static void assertRefused(SignInVerdict verdict, String because) {
        SignInVerdict.Refused refused = assertInstanceOf(SignInVerdict.Refused.class, verdict);
        assertTrue(refused.reason().contains(because), "'" + refused.reason() + "' should say '" + because + "'");
    }
}
