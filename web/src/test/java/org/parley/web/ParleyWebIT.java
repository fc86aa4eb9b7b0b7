package org.parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.File;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.time.Clock;
import java.time.ZoneOffset;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.EndMeeting;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.RemoveParticipant;
import org.parley.api.signalling.Removed;
import org.parley.web.invite.InviteTokens;
import org.parley.web.invite.Role;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.MuteParticipant;
import org.parley.api.signalling.MutedByHost;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.web.signin.TestTokens;

/**
 * The built parley.war on a real Payara Micro with the machine's Redis: rooms over REST, signalling over a real
 * WebSocket, and what ends up in Redis. One deployment for every test (each Payara start costs ~15 s).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ParleyWebIT {

    private static final String HOST_KEY = System.getenv("PARLEY_HOST_KEY");
    /** The identity provider the server trusts (web/pom.xml): its private key is src/test/resources/sign-in. */
    private static final String SIGN_IN_ISSUER = System.getenv("PARLEY_JWT_ISSUER");
    /** The one page origin the server allows (web/pom.xml); Java clients send none and are allowed too. */
    private static final String ALLOWED_ORIGIN = System.getenv("PARLEY_ALLOWED_ORIGINS");
    private static final String REDIS_ADDRESS = System.getenv("REDIS_ADDRESS");
    private static final List<String> CREATED_ROOMS = new CopyOnWriteArrayList<>();
    private static RedisProbe redis;

    @ArquillianResource
    private URL deploymentUrl;

    /** How long the IT server keeps an away participant (the default is 30 s). */
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** How long an empty room stays in Redis on the IT server (the default is 10 min). */
    private static final Duration EMPTY_TTL = Duration.ofSeconds(8);
    private static final int MAX_PARTICIPANTS = 7;
    /** Known to the tests, so they can make invitations the server would have made yesterday. */
    private static final String TOKEN_SECRET = "it-token-secret-" + UUID.randomUUID();
    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    /** The WAR as built, with a short reconnect grace period so tests of giving up take seconds. */
    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("parley.war")));
        String defaults;
        try (var in = war.get(CONFIG).getAsset().openStream()) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        war.delete(CONFIG);
        war.add(new StringAsset(defaults + "\nparley.reconnect-grace=" + GRACE
                + "\nparley.room.empty-ttl=" + EMPTY_TTL
                + "\nparley.room.max-participants=" + MAX_PARTICIPANTS
                + "\nparley.token-secret=" + TOKEN_SECRET + "\n"), CONFIG);
        return war;
    }

    @BeforeAll
    static void connectToRedis() {
        redis = new RedisProbe(REDIS_ADDRESS);
    }

    @AfterAll
    static void removeTestRooms() {
        CREATED_ROOMS.forEach(redis::deleteRoom);
        redis.close();
    }

    // ---- rooms over REST ----

    @Test
    void creatingOrReadingRoomsNeedsTheHostKey() throws Exception {
        for (String authorization : Arrays.asList(null, "Bearer wrong-key", "Bearer ", "Basic " + HOST_KEY, HOST_KEY)) {
            RoomsClient.Reply reply = rooms().create(authorization, "{\"name\":\"x\"}");
            assertEquals(401, reply.status(), "POST with Authorization " + authorization);
            assertEquals("UNAUTHORIZED", reply.text("code"));
        }
        TestRoom room = newRoom();
        RoomsClient.Reply state = rooms().state("Bearer wrong-key", room.id());
        assertEquals(401, state.status());
        assertEquals("UNAUTHORIZED", state.text("code"));
    }

    @Test
    void hostCreatesARoomWithAbsoluteJoinLinks() throws Exception {
        RoomsClient.Reply reply = rooms().create(bearer(), "{\"name\":\"Weekly sync\"}");
        assertEquals(201, reply.status(), () -> reply.body().toString());
        String id = reply.text("id");
        CREATED_ROOMS.add(id);
        assertEquals("Weekly sync", reply.text("name"));
        String roomPage = base().resolve("r/" + id).toString();
        String joinUrl = reply.text("joinUrl");
        String hostJoinUrl = reply.text("hostJoinUrl");
        assertTrue(joinUrl.startsWith(roomPage + "?t="), joinUrl);
        assertTrue(hostJoinUrl.startsWith(roomPage + "?t="), hostJoinUrl);
        assertTrue(URI.create(joinUrl).isAbsolute());
        assertNotEquals(joinUrl, hostJoinUrl);

        Map<String, String> stored = redis.room(id);
        assertEquals("Weekly sync", stored.get("name"));
        assertEquals("0", stored.get("occupancyCount"));
        Instant createdAt = Instant.parse(stored.get("createdAt"));
        assertTrue(createdAt.isAfter(Instant.now().minusSeconds(300)), "createdAt " + createdAt);

        RoomsClient.Reply state = rooms().state(bearer(), id);
        assertEquals(200, state.status());
        assertEquals(id, state.text("id"));
        assertEquals("Weekly sync", state.text("name"));
        assertEquals(0, state.body().getJsonNumber("occupancyCount").longValue());
        assertTrue(state.body().getJsonObject("occupants").isEmpty());

        HttpResponse<String> page = rooms().get(URI.create(joinUrl).getRawPath() .substring(1) + "?" + URI.create(joinUrl).getRawQuery());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().toLowerCase().contains("<html"), "the join link serves the meeting page");
    }

    @Test
    void hostsSignInWithTheirIdentityProvidersTokensAndOthersAreToldWhyNot() throws Exception {
        PrivateKey issuerKey = TestTokens.privateKey("sign-in/issuer-private.pem", "RSA");
        Instant now = Instant.now();
        RoomsClient.Reply created = rooms().create("Bearer " + signInToken(issuerKey, SIGN_IN_ISSUER, now.plusSeconds(300),
                "staff", "parley-hosts"), "{\"name\":\"Signed in\"}");
        assertEquals(201, created.status(), () -> created.body().toString());
        CREATED_ROOMS.add(created.text("id"));
        // The room's host link works in the page's host flow as with rooms made with the host key.
        try (TestPeer host = peer()) {
            assertTrue(host.join(created.text("id"), tokenOf(created.text("hostJoinUrl")), "Ana").isHost());
        }

        RoomsClient.Reply notAHost = rooms().create("Bearer " + signInToken(issuerKey, SIGN_IN_ISSUER,
                now.plusSeconds(300), "staff"), "{}");
        assertEquals(403, notAHost.status());
        assertEquals("FORBIDDEN", notAHost.text("code"));
        assertTrue(notAHost.text("message").contains("parley-hosts"), notAHost.text("message"));

        String unsigned = TestTokens.encode("{\"alg\":\"none\"}") + "." + TestTokens.encode(
                "{\"iss\":\"" + SIGN_IN_ISSUER + "\",\"exp\":" + now.plusSeconds(300).getEpochSecond()
                        + ",\"groups\":[\"parley-hosts\"]}") + ".";
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(signInToken(issuerKey, SIGN_IN_ISSUER, now.minusSeconds(600), "parley-hosts"), "expired");
        refusals.put(signInToken(issuerKey, "https://elsewhere.example.net", now.plusSeconds(300), "parley-hosts"),
                "not from the configured issuer");
        refusals.put(signInToken(TestTokens.rsa().getPrivate(), SIGN_IN_ISSUER, now.plusSeconds(300), "parley-hosts"),
                "signature does not verify");
        refusals.put(unsigned, "alg 'none'");
        refusals.put("a.b.c", "not base64url-encoded JSON");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            RoomsClient.Reply reply = rooms().create("Bearer " + refusal.getKey(), "{}");
            assertEquals(401, reply.status(), refusal.getValue());
            assertTrue(reply.text("message").contains(refusal.getValue()), reply.text("message"));
        }
        // Tokens past the HTTP listener's header limit (8 KB) are turned away before Parley reads them (Parley's own
        // 8 KB limit, for listeners configured larger, is in TokenVerifierTest).
        RoomsClient.Reply huge = rooms().create("Bearer " + "x".repeat(200_000) + ".b.c", "{}");
        assertTrue(huge.status() >= 400 && huge.status() < 500, "huge token: " + huge.status());
        assertEquals(201, rooms().create(bearer(), "{}").status(), "the server carries on");
    }

    private static String signInToken(PrivateKey key, String issuer, Instant expires, String... groups) throws Exception {
        var list = jakarta.json.Json.createArrayBuilder();
        for (String group : groups) {
            list.add(group);
        }
        return TestTokens.sign(TestTokens.header("RS256", null), jakarta.json.Json.createObjectBuilder()
                .add("iss", issuer).add("sub", "ana").add("exp", expires.getEpochSecond()).add("groups", list).build(), key);
    }

    @Test
    void aRoomWithoutANameGetsOne() throws Exception {
        RoomsClient.Reply reply = rooms().create(bearer(), null);
        assertEquals(201, reply.status(), () -> reply.body().toString());
        CREATED_ROOMS.add(reply.text("id"));
        assertFalse(reply.text("name").isBlank());
    }

    @Test
    void badRoomRequestsAreRejectedClearly() throws Exception {
        for (String body : List.of("not json", "[1]", "{\"name\": 5}", "{\"name\":\"" + "n".repeat(101) + "\"}",
                "{\"name\":\"bell\\u0007\"}")) {
            RoomsClient.Reply reply = rooms().create(bearer(), body);
            assertEquals(400, reply.status(), body);
            assertEquals("INVALID_REQUEST", reply.text("code"), body);
        }
        RoomsClient.Reply missing = rooms().state(bearer(), "no-such-room-" + UUID.randomUUID());
        assertEquals(404, missing.status());
        assertEquals("ROOM_NOT_FOUND", missing.text("code"));
        for (String badId : List.of("r".repeat(65), "not%20an%20id")) {
            RoomsClient.Reply malformed = rooms().state(bearer(), badId);
            assertEquals(400, malformed.status(), badId);
            assertEquals("INVALID_REQUEST", malformed.text("code"));
        }
    }

    // ---- signalling ----

    @Test
    void joinsAndLeavesAreStoredAndAnnounced() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer()) {
            Joined hostJoined = host.join(room.id(), room.hostToken(), "Hana");
            assertEquals(room.id(), hostJoined.roomId());
            assertTrue(hostJoined.isHost());
            assertTrue(hostJoined.participants().isEmpty());
            JsonObject hostStored = redis.occupants(room.id()).get(host.id());
            assertTrue(hostStored.getBoolean("isHost"));
            assertTrue(hostStored.getBoolean("isPresent"));
            assertEquals("Hana", hostStored.getString("displayName"));
            assertEquals(1, redis.occupancyCount(room.id()));

            Joined guestJoined = guest.join(room.id(), room.participantToken(), "Gus");
            assertFalse(guestJoined.isHost());
            assertEquals(List.of(new Participant(host.id(), "Hana", true, true, false, false)), guestJoined.participants());
            assertEquals(new Participant(guest.id(), "Gus", false, true, false, false), host.expect(ParticipantJoined.class).participant());
            assertEquals(2, redis.occupancyCount(room.id()));
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("isHost"));

            RoomsClient.Reply state = rooms().state(bearer(), room.id());
            assertEquals(2, state.body().getJsonNumber("occupancyCount").longValue());
            assertEquals(Set.of(host.id(), guest.id()), state.body().getJsonObject("occupants").keySet());

            guest.send(new Leave());
            assertEquals(guest.id(), host.expect(ParticipantLeft.class).participantId());
            assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, guest.awaitClose().getCloseCode());
            assertEquals(1, redis.occupancyCount(room.id()));
            assertEquals(Set.of(host.id()), redis.occupants(room.id()).keySet());
        }
    }

    @Test
    void aSocketClosedWithoutLeaveIsAwayUntilTheGracePeriodEnds() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            TestPeer guest = peer();
            guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);
            guest.close();

            Participant away = host.expect(ParticipantUpdated.class).participant();
            assertEquals(new Participant(guest.id(), "Gus", false, false, false, false), away);
            assertEquals(1, redis.occupancyCount(room.id()), "away occupants are not counted");
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("isPresent"), "but they are kept");
            RoomsClient.Reply state = rooms().state(bearer(), room.id());
            assertFalse(state.body().getJsonObject("occupants").getJsonObject(guest.id()).getBoolean("isPresent"));

            try (TestPeer late = peer()) {
                Joined joined = late.join(room.id(), room.participantToken(), "Late");
                assertTrue(joined.participants().contains(away), "a late joiner sees them away: " + joined.participants());
                assertEquals(late.id(), host.expect(ParticipantJoined.class).participant().id());
                late.send(new Leave());
                // The late joiner leaves at once; the away guest when the grace period ends (in either order).
                Set<String> left = Set.of(host.expect(ParticipantLeft.class).participantId(),
                        host.expect(ParticipantLeft.class).participantId());
                assertEquals(Set.of(late.id(), guest.id()), left);
            }
            assertEquals(Set.of(host.id()), redis.occupants(room.id()).keySet());
            assertEquals(1, redis.occupancyCount(room.id()));
        }
    }

    @Test
    void concurrentJoinsAreCountedAndAnnouncedExactlyOnce() throws Exception {
        TestRoom room = newRoom();
        int size = 6;
        List<TestPeer> peers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                peers.add(peer());
            }
            for (TestPeer peer : peers) { // no waiting in between: the server handles them concurrently
                peer.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), "P", null));
            }
            Map<TestPeer, List<String>> seen = new java.util.HashMap<>();
            for (TestPeer peer : peers) {
                Joined joined = peer.expect(Joined.class);
                peer.remember(joined);
                seen.put(peer, new java.util.ArrayList<>(joined.participants().stream().map(Participant::id).toList()));
            }
            for (TestPeer peer : peers) {
                while (seen.get(peer).size() < size - 1) {
                    seen.get(peer).add(peer.expect(ParticipantJoined.class).participant().id());
                }
            }
            Set<String> everyone = peers.stream().map(TestPeer::id).collect(Collectors.toSet());
            for (TestPeer peer : peers) {
                Set<String> others = new java.util.HashSet<>(everyone);
                others.remove(peer.id());
                assertEquals(size - 1, seen.get(peer).size(), "each other participant exactly once");
                assertEquals(others, Set.copyOf(seen.get(peer)));
            }
            assertEquals(size, redis.occupancyCount(room.id()));
            assertEquals(everyone, redis.occupants(room.id()).keySet());
        } finally {
            for (TestPeer peer : peers) {
                peer.close();
            }
        }
        eventually(() -> assertEquals(0, redis.occupancyCount(room.id())));
        eventually(() -> assertTrue(redis.occupants(room.id()).isEmpty()));
    }

    @Test
    void aClientThatStopsAnsweringPingsIsTakenOutOfTheRoom() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer bystander = peer(); SilentPeer sleeper = new SilentPeer(wsUri())) {
            bystander.join(room.id(), room.participantToken(), "Awake");
            sleeper.sendText("{\"type\":\"join\",\"roomId\":\"" + room.id() + "\",\"token\":\""
                    + room.participantToken() + "\",\"displayName\":\"Asleep\"}");
            assertTrue(sleeper.readText().contains("\"joined\""));
            String sleeperId = bystander.expect(ParticipantJoined.class).participant().id();
            assertEquals(2, redis.occupancyCount(room.id()));
            // From here on the sleeper answers nothing; the IT server pings every second (PARLEY_SIGNALLING_HEARTBEAT),
            // so within a few seconds it is away, and gone after the grace period.
            Participant away = bystander.expect(ParticipantUpdated.class, Duration.ofSeconds(10)).participant();
            assertEquals(sleeperId, away.id());
            assertFalse(away.isPresent());
            assertEquals(sleeperId, bystander.expect(ParticipantLeft.class).participantId());
            assertEquals(1, redis.occupancyCount(room.id()));
            assertEquals(Set.of(bystander.id()), redis.occupants(room.id()).keySet());
        }
    }

    @Test
    void aRoomHasOneHostAtATime() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer rival = peer(); TestPeer successor = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            rival.send(new org.parley.api.signalling.Join(room.id(), room.hostToken(), "Rita", null));
            assertTrue(rival.expectError(ErrorCode.HOST_ALREADY_PRESENT).message().contains("already has its host"));
            assertEquals(1, redis.occupancyCount(room.id()));

            // The refused socket may still join as a participant.
            assertFalse(rival.join(room.id(), room.participantToken(), "Rita").isHost());
            host.expect(ParticipantJoined.class);

            host.send(new Leave());
            rival.expect(ParticipantLeft.class);
            assertTrue(successor.join(room.id(), room.hostToken(), "Sam").isHost());
        }
    }

    @Test
    void malformedJsonIsReportedAndHarmless() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            offender.sendRaw("{\"type\":\"candidate\",");
            offender.expectError(ErrorCode.MALFORMED_MESSAGE);
            offender.sendRaw("{\"type\":\"offer\",\"sdp\":{\"nested\":true}}");
            offender.expectError(ErrorCode.MALFORMED_MESSAGE);
            assertRoomUndisturbed(room, offender, bystander);
            assertLeavesCleanly(room, offender, bystander);
        }
    }

    @Test
    void connectionReportsReachHostsOverRestAndBadOnesAreRefused() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer reporter = peer(); TestPeer quiet = peer()) {
            joinBoth(room, reporter, quiet);
            reporter.sendRaw("{\"type\":\"connectionReport\",\"path\":\"TURN-TLS\",\"roundTripMs\":48,"
                    + "\"lossPercent\":1.5,\"diagnosis\":\"udp-blocked\"}");
            reporter.sendRaw("{\"type\":\"connectionReport\",\"path\":\"SMOKE-SIGNALS\",\"roundTripMs\":48,"
                    + "\"lossPercent\":1.5}");
            assertTrue(reporter.expectError(ErrorCode.MALFORMED_MESSAGE).message().contains("'path' must be one of"));

            String path = "api/rooms/" + room.id() + "/connections";
            assertEquals(401, rooms().call("GET", path, null, null).status(), "hosts and operators only");
            RoomsClient.Reply reply = rooms().call("GET", path, bearer(), null);
            assertEquals(200, reply.status());
            Map<String, JsonObject> byId = reply.body().getJsonArray("participants").stream()
                    .map(JsonObject.class::cast).collect(Collectors.toMap(p -> p.getString("participantId"), p -> p));
            assertEquals(Set.of(reporter.id(), quiet.id()), byId.keySet(), "every present participant");
            JsonObject reported = byId.get(reporter.id());
            assertEquals("TURN-TLS", reported.getString("path"), "the latest good report, not the refused one");
            assertEquals(48, reported.getInt("roundTripMs"));
            assertEquals(1.5, reported.getJsonNumber("lossPercent").doubleValue());
            assertEquals("udp-blocked", reported.getString("diagnosis"));
            assertFalse(byId.get(quiet.id()).containsKey("path"), "nothing reported yet");
            assertEquals(404, rooms().call("GET", "api/rooms/no-such-room-" + UUID.randomUUID() + "/connections",
                    bearer(), null).status());
            assertRoomUndisturbed(room, reporter, quiet);
            assertLeavesCleanly(room, reporter, quiet);
        }
    }

    @Test
    void healthChecksSayReadyAndLiveWithEachCheckNamed() throws Exception {
        for (String check : List.of("/health/ready", "/health/live")) {
            HttpResponse<String> response = rooms().get(check);
            assertEquals(200, response.statusCode(), check + ": " + response.body());
            JsonObject health = jakarta.json.Json.createReader(new java.io.StringReader(response.body())).readObject();
            assertEquals("UP", health.getString("status"), response.body());
            Set<String> names = health.getJsonArray("checks").stream()
                    .map(c -> ((JsonObject) c).getString("name")).collect(Collectors.toSet());
            assertEquals(check.endsWith("ready") ? Set.of("redis", "media-port", "drain") : Set.of("media-threads"), names,
                    check + ": " + response.body());
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryResourceAndItsErrors() throws Exception {
        HttpResponse<String> response = rooms().get("/openapi?format=JSON");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject paths = jakarta.json.Json.createReader(new java.io.StringReader(response.body())).readObject()
                .getJsonObject("paths");
        List<String> checked = new java.util.ArrayList<>();
        for (Class<?> resource : RestResources.all()) {
            for (RestResources.Operation operation : RestResources.operations(resource)) {
                String documentedPath = paths.keySet().stream().filter(p -> p.endsWith(operation.path())).findFirst()
                        .orElseThrow(() -> new AssertionError(operation + " is not in /openapi: " + paths.keySet()));
                JsonObject documented = paths.getJsonObject(documentedPath).getJsonObject(operation.method());
                assertTrue(documented != null, operation + " is not in /openapi");
                assertEquals(operation.responseCodes(), documented.getJsonObject("responses").keySet(),
                        operation + ": every response, errors included");
                assertTrue(operation.responseCodes().stream().anyMatch(code -> code.startsWith("4")),
                        operation + " documents its errors");
                checked.add(operation.method() + " " + operation.path());
            }
        }
        assertTrue(checked.containsAll(List.of("post /api/rooms", "get /api/rooms/{id}", "get /api/rooms/{id}/connections",
                "post /api/host-credentials", "get /api/host-credentials", "delete /api/host-credentials/{id}")), checked.toString());
    }

    @Test
    void unknownMessageTypesAreReportedAndHarmless() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            offender.sendRaw("{\"type\":\"shout\",\"text\":\"hi\"}");
            offender.expectError(ErrorCode.UNKNOWN_MESSAGE_TYPE);
            offender.sendRaw("{\"type\":\"participantJoined\",\"participant\":{\"id\":\"x\"}}");
            offender.expectError(ErrorCode.UNKNOWN_MESSAGE_TYPE);
            assertRoomUndisturbed(room, offender, bystander);
            assertLeavesCleanly(room, offender, bystander);
        }
    }

    @Test
    void anAddressThatKeepsGuessingHostKeysIsToldToWaitWhileOthersAreNot() throws Exception {
        int allowed = Integer.parseInt(System.getenv("PARLEY_AUTH_FAILURES_PER_MINUTE"));
        InetAddress guesser = InetAddress.getByName("127.0.0.2"); // loopback too, but another address
        for (int i = 0; i < allowed; i++) {
            assertTrue(postFrom(guesser, "Bearer guess-" + i).startsWith("HTTP/1.1 401"), "guess " + i);
        }
        String refused = postFrom(guesser, "Bearer " + HOST_KEY);
        assertTrue(refused.startsWith("HTTP/1.1 429"), "even the right key waits out the minute: " + refused);
        assertTrue(refused.contains("Retry-After: "), refused);
        assertTrue(refused.contains("RATE_LIMITED"), refused);
        assertEquals(201, rooms().create(bearer(), "{}").status(), "another address is not affected");
    }

    /** POST /api/rooms over a socket from {@code local}: its status line, headers and body. */
    private String postFrom(InetAddress local, String authorization) throws Exception {
        URI base = base();
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(), local, 0)) {
            socket.setSoTimeout(30_000);
            String body = "{}";
            socket.getOutputStream().write(("POST " + base.getPath() + "api/rooms HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyPagesOfTheAllowedOriginsOpenSockets() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer page = TestPeer.connectFrom(wsUri(), ALLOWED_ORIGIN)) {
            assertNotNull(page.join(room.id(), room.participantToken(), "Allowed").participantId());
        }
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TestPeer.connectFrom(wsUri(), "https://evil.example"));
        assertTrue(String.valueOf(refused.getMessage()).contains("403")
                || String.valueOf(refused.getCause()).contains("403"), "the handshake is refused: " + refused);
        try (TestPeer app = peer()) {
            assertNotNull(app.join(room.id(), room.participantToken(), "Native app").participantId(),
                    "no Origin header: not a browser page, allowed");
        }
    }

    @Test
    void aFloodOfMessagesClosesOnlyThatSocket() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            try {
                for (int i = 0; i < 1_000 && offender.isOpen(); i++) {
                    offender.sendRaw("{\"type\":\"flood\",\"n\":" + i + "}"); // answered to the offender alone
                }
            } catch (java.io.IOException closedMeanwhile) {
                // the server closed it mid-flood: what this test is for
            }
            CloseReason closed = offender.awaitClose();
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, closed.getCloseCode(), closed.toString());
            assertTrue(closed.getReasonPhrase().contains("messages a second"), closed.getReasonPhrase());
            assertFalse(bystander.expect(ParticipantUpdated.class).participant().isPresent(), "a closed socket is away first");
            assertEquals(offender.id(), bystander.expect(ParticipantLeft.class).participantId());
            assertRoomUndisturbed(room, bystander);
        }
    }

    @Test
    void anAddressPastItsSocketsIsTurnedAway() throws Exception {
        int limit = Integer.parseInt(System.getenv("PARLEY_SIGNALLING_SOCKETS_PER_ADDRESS"));
        List<TestPeer> peers = new java.util.ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < limit + 5; i++) {
                TestPeer peer = peer();
                peers.add(peer);
                CloseReason closed = peer.closeWithin(Duration.ofMillis(500));
                if (closed != null) {
                    assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, closed.getCloseCode(), closed.toString());
                    assertTrue(closed.getReasonPhrase().contains("sockets from your address"), closed.getReasonPhrase());
                    refused++;
                }
            }
            assertTrue(refused >= 5, "the sockets past " + limit + " are closed: " + refused);
        } finally {
            for (TestPeer peer : peers) {
                peer.close();
            }
        }
    }

    @Test
    void anOversizedMessageClosesOnlyThatSocket() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            String padding = "a".repeat(64 * 1024);
            offender.sendRaw("{\"type\":\"candidate\",\"candidate\":\"" + padding + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
            assertEquals(CloseReason.CloseCodes.TOO_BIG, offender.awaitClose().getCloseCode());
            assertFalse(bystander.expect(ParticipantUpdated.class).participant().isPresent(), "a closed socket is away first");
            assertEquals(offender.id(), bystander.expect(ParticipantLeft.class).participantId());
            assertEquals(1, redis.occupancyCount(room.id()));
            assertEquals(Set.of(bystander.id()), redis.occupants(room.id()).keySet());
            assertRoomUndisturbed(room, bystander);
        }
    }

    @Test
    void joiningAMissingRoomCreatesNothing() throws Exception {
        TestRoom room = newRoom();
        String missing = "missing" + UUID.randomUUID().toString().replace("-", "");
        try (TestPeer peer = peer()) {
            peer.send(new org.parley.api.signalling.Join(missing, room.participantToken(), "Lost", null));
            peer.expectError(ErrorCode.ROOM_NOT_FOUND);
            peer.send(new org.parley.api.signalling.Join("../*", room.participantToken(), "Lost", null));
            assertTrue(peer.expectError(ErrorCode.INVALID_REQUEST).message().contains("letters, digits"));
            peer.send(new org.parley.api.signalling.Join("r".repeat(65), room.participantToken(), "Lost", null));
            assertTrue(peer.expectError(ErrorCode.INVALID_REQUEST).message().contains("at most 64"));
            assertEquals(List.of(), redis.keysOf(missing));
            // The socket is still good for a real room.
            assertEquals(room.id(), peer.join(room.id(), room.participantToken(), "Found").roomId());
        }
    }

    @Test
    void forgedOrForeignTokensAreRefused() throws Exception {
        TestRoom room = newRoom();
        TestRoom other = newRoom();
        try (TestPeer member = peer(); TestPeer intruder = peer()) {
            member.join(room.id(), room.participantToken(), "Mia");
            for (String token : Arrays.asList(other.participantToken(), other.hostToken(), promoted(room.participantToken()),
                    "garbage", "", null, room.participantToken() + "x")) {
                intruder.send(new org.parley.api.signalling.Join(room.id(), token, "Ivan", null));
                intruder.expectError(ErrorCode.UNAUTHORIZED);
            }
            InviteTokens yesterday = new InviteTokens(TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
                    Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
            intruder.send(new org.parley.api.signalling.Join(room.id(), yesterday.issue(room.id(), Role.PARTICIPANT), "Ivan", null));
            assertTrue(intruder.expectError(ErrorCode.TOKEN_EXPIRED).message().contains("new link"));
            for (String name : List.of("n".repeat(101), "bell\u0007")) {
                intruder.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), name, null));
                intruder.expectError(ErrorCode.INVALID_REQUEST);
            }
            assertEquals(1, redis.occupancyCount(room.id()));
            assertEquals(Set.of(member.id()), redis.occupants(room.id()).keySet());
            assertRoomUndisturbed(room, member);
            // The refused socket can still join with a genuine invitation.
            intruder.join(room.id(), room.participantToken(), "Ivan");
            assertEquals(intruder.id(), member.expect(ParticipantJoined.class).participant().id());
        }
    }

    @Test
    void signalsBeforeJoinAndASecondJoinAreRefused() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer early = peer(); TestPeer member = peer()) {
            member.join(room.id(), room.participantToken(), "Mia");
            early.send(new Offer("v=0\r\n"));
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
            early.send(new Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
            early.send(new Leave());
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);

            early.join(room.id(), room.participantToken(), "Eli");
            member.expect(ParticipantJoined.class);
            early.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), "Eli again", null));
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
            assertEquals(2, redis.occupancyCount(room.id()));
            assertRoomUndisturbed(room, early, member);
        }
    }

    @Test
    void anUnparseableOfferIsReportedAndHarmless() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            offender.send(new Offer("this is not SDP"));
            offender.expectError(ErrorCode.INVALID_SDP);
            assertRoomUndisturbed(room, offender, bystander);
            assertLeavesCleanly(room, offender, bystander);
        }
    }

    @Test
    void anOfferWithoutUsableCodecsIsReportedAndHarmless() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer offender = peer(); TestPeer bystander = peer()) {
            joinBoth(room, offender, bystander);
            offender.send(new Offer(TestOffers.pcmuAndH261()));
            ErrorMessage error = offender.expectError(ErrorCode.NO_USABLE_CODEC);
            assertFalse(error.message().isBlank());
            assertRoomUndisturbed(room, offender, bystander);
            assertLeavesCleanly(room, offender, bystander);
        }
    }

    // ---- mute ----

    /** The issue asks for 1 s; the margin is for a loaded two-core test machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @Test
    void muteIsStoredAndShownToEveryoneIncludingLateJoiners() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer(); TestPeer late = peer()) {
            joinBoth(room, host, guest);

            guest.send(new Mute("audio", true));
            Participant muted = host.expect(ParticipantUpdated.class, PROMPTLY).participant();
            assertEquals(new Participant(guest.id(), "Second", false, true, true, false), muted);
            assertTrue(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"));
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("videoMuted"));

            guest.send(new Mute("video", true));
            assertTrue(host.expect(ParticipantUpdated.class, PROMPTLY).participant().videoMuted());

            Joined joined = late.join(room.id(), room.participantToken(), "Late");
            Participant seen = joined.participants().stream().filter(p -> p.id().equals(guest.id())).findFirst().orElseThrow();
            assertTrue(seen.audioMuted() && seen.videoMuted(), "a late joiner sees the mute state: " + seen);
            host.expect(ParticipantJoined.class);
            guest.expect(ParticipantJoined.class);

            guest.send(new Mute("audio", false));
            for (TestPeer member : List.of(host, late)) {
                Participant update = member.expect(ParticipantUpdated.class, PROMPTLY).participant();
                assertFalse(update.audioMuted());
                assertTrue(update.videoMuted());
            }
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"));

            for (String kind : Arrays.asList("screen", "", null)) {
                guest.send(new Mute(kind, true));
                // The next message the guest gets is the error: the sender is never sent its own update.
                assertTrue(guest.expectError(ErrorCode.MALFORMED_MESSAGE).message().contains("kind"));
            }
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"));
        }
    }

    @Test
    void muteBeforeJoinIsRefused() throws Exception {
        try (TestPeer early = peer()) {
            early.send(new Mute("audio", true));
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
            early.send(new MuteParticipant("someone", "audio"));
            early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        }
    }

    @Test
    void theHostCanMuteAMicrophoneAndOnlyItsOwnerUnmutesIt() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer(); TestPeer other = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);
            other.join(room.id(), room.participantToken(), "Olga");
            host.expect(ParticipantJoined.class);
            guest.expect(ParticipantJoined.class);

            other.send(new MuteParticipant(guest.id(), "audio"));
            assertTrue(other.expectError(ErrorCode.FORBIDDEN).message().contains("host"));
            host.send(new MuteParticipant(guest.id(), "video"));
            assertTrue(host.expectError(ErrorCode.FORBIDDEN).message().contains("microphones"));
            host.send(new MuteParticipant("no-such-participant", "audio"));
            host.expectError(ErrorCode.PARTICIPANT_NOT_FOUND);
            host.send(new MuteParticipant(guest.id(), "trumpet"));
            host.expectError(ErrorCode.MALFORMED_MESSAGE);
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"), "nothing changed so far");

            host.send(new MuteParticipant(guest.id(), "audio"));
            assertEquals("audio", guest.expect(MutedByHost.class, PROMPTLY).kind());
            for (TestPeer member : List.of(host, other)) {
                Participant update = member.expect(ParticipantUpdated.class, PROMPTLY).participant();
                assertEquals(guest.id(), update.id());
                assertTrue(update.audioMuted());
            }
            assertTrue(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"));

            guest.send(new Mute("audio", false));
            assertFalse(host.expect(ParticipantUpdated.class, PROMPTLY).participant().audioMuted());
            assertFalse(redis.occupants(room.id()).get(guest.id()).getBoolean("audioMuted"));
        }
    }

    // ---- resume ----

    @Test
    void aDroppedParticipantResumesAsThemselvesWithinTheGracePeriod() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer comeback = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            TestPeer guest = peer();
            Joined first = guest.join(room.id(), room.participantToken(), "Gus");
            assertFalse(first.resumed());
            assertFalse(first.resumeToken() == null || first.resumeToken().isBlank());
            host.expect(ParticipantJoined.class);
            TestPeer witness = peer(); // drops just after the guest and never comes back
            witness.join(room.id(), room.participantToken(), "Wes");
            host.expect(ParticipantJoined.class);
            guest.send(new Mute("video", true));
            host.expect(ParticipantUpdated.class);

            guest.close();
            assertEquals(new Participant(first.participantId(), "Gus", false, false, false, true),
                    host.expect(ParticipantUpdated.class).participant());
            witness.close();
            assertEquals(witness.id(), host.expect(ParticipantUpdated.class).participant().id());
            assertEquals(1, redis.occupancyCount(room.id()));

            Joined resumed = comeback.resume(room.id(), room.participantToken(), first);
            assertTrue(resumed.resumed());
            assertEquals(first.participantId(), resumed.participantId());
            assertFalse(resumed.isHost());
            assertEquals(Set.of(new Participant(host.id(), "Hana", true, true, false, false),
                            new Participant(witness.id(), "Wes", false, false, false, false)),
                    Set.copyOf(resumed.participants()));
            assertEquals(new Participant(first.participantId(), "Gus", false, true, false, true),
                    host.expect(ParticipantUpdated.class, PROMPTLY).participant(), "back, camera still off");
            assertEquals(2, redis.occupancyCount(room.id()));
            JsonObject stored = redis.occupants(room.id()).get(first.participantId());
            assertTrue(stored.getBoolean("isPresent"));
            assertTrue(stored.getBoolean("videoMuted"));

            // The witness's grace period ends after the guest's would have: the guest's must have been called off.
            assertEquals(witness.id(), host.expect(ParticipantLeft.class).participantId());
            comeback.send(new Mute("audio", true));
            Participant after = host.expect(ParticipantUpdated.class).participant();
            assertEquals(first.participantId(), after.id(), "no participantLeft for the resumed guest came first");
            assertTrue(after.audioMuted());
            assertTrue(redis.occupants(room.id()).get(first.participantId()).getBoolean("isPresent"));
            assertEquals(2, redis.occupancyCount(room.id()));
        }
    }

    @Test
    void leaveIsImmediateForEveryoneElse() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer()) {
            joinBoth(room, host, guest);
            guest.send(new Leave());
            assertEquals(guest.id(), host.expect(ParticipantLeft.class, PROMPTLY).participantId());
            assertFalse(redis.occupants(room.id()).containsKey(guest.id()));
            assertEquals(1, redis.occupancyCount(room.id()));
        }
    }

    @Test
    void afterTheGracePeriodTheParticipantIsGoneAndCannotResume() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer late = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            TestPeer guest = peer();
            Joined first = guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);
            guest.close();
            assertFalse(host.expect(ParticipantUpdated.class).participant().isPresent());
            assertEquals(guest.id(), host.expect(ParticipantLeft.class).participantId());
            assertFalse(redis.occupants(room.id()).containsKey(guest.id()));

            late.send(new Join(room.id(), room.participantToken(), "Gus", first.resumeToken()));
            assertTrue(late.expectError(ErrorCode.UNAUTHORIZED).message().contains("join without"));
            assertEquals(Set.of(host.id()), redis.occupants(room.id()).keySet());
            // The client then joins afresh, as someone new.
            assertNotEquals(first.participantId(), late.join(room.id(), room.participantToken(), "Gus").participantId());
        }
    }

    @Test
    void aBadResumeTokenIsRefusedAndChangesNothing() throws Exception {
        TestRoom room = newRoom();
        TestRoom other = newRoom();
        try (TestPeer host = peer(); TestPeer elsewhere = peer(); TestPeer intruder = peer()) {
            Joined hostJoined = host.join(room.id(), room.hostToken(), "Hana");
            Joined foreign = elsewhere.join(other.id(), other.participantToken(), "Fay");
            String stolenId = Base64.getUrlEncoder().withoutPadding().encodeToString(host.id().getBytes(StandardCharsets.UTF_8));
            for (String resumeToken : List.of("garbage", foreign.resumeToken(), stolenId + ".AAAA",
                    stolenId + "." + foreign.resumeToken().split("\\.")[1])) {
                intruder.send(new Join(room.id(), room.participantToken(), "Ivan", resumeToken));
                intruder.expectError(ErrorCode.UNAUTHORIZED);
            }
            // A genuine resume token does not make up for a bad invitation.
            intruder.send(new Join(room.id(), "forged", "Ivan", hostJoined.resumeToken()));
            intruder.expectError(ErrorCode.UNAUTHORIZED);

            assertEquals(1, redis.occupancyCount(room.id()));
            assertEquals(Set.of(host.id()), redis.occupants(room.id()).keySet());
            assertTrue(redis.occupants(room.id()).get(host.id()).getBoolean("isPresent"));
            assertTrue(host.isOpen());
            assertRoomUndisturbed(room, host);
        }
    }

    @Test
    void resumingBeforeTheOldSocketIsNoticedDeadReplacesIt() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer(); TestPeer comeback = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            Joined first = guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);

            Joined resumed = comeback.resume(room.id(), room.participantToken(), first);
            assertTrue(resumed.resumed());
            assertEquals(first.participantId(), resumed.participantId());
            assertEquals(4001, guest.awaitClose().getCloseCode().getCode(), "the old socket is told it was replaced");
            Participant update = host.expect(ParticipantUpdated.class).participant();
            assertEquals(first.participantId(), update.id());
            assertTrue(update.isPresent());
            assertEquals(2, redis.occupancyCount(room.id()));

            comeback.send(new Leave());
            assertEquals(first.participantId(), host.expect(ParticipantLeft.class).participantId(),
                    "no away or second leave from the replaced socket came first");
            assertEquals(Set.of(host.id()), redis.occupants(room.id()).keySet());
        }
    }

    // ---- host credentials ----

    @Test
    void theOperatorIssuesHostCredentialsThatWorkUntilRevoked() throws Exception {
        RoomsClient.Reply issued = rooms().call("POST", "api/host-credentials", bearer(), "{\"label\":\"IT host\"}");
        assertEquals(201, issued.status(), () -> issued.body().toString());
        String id = issued.text("id");
        String credential = issued.text("credential");
        assertEquals("IT host", issued.text("label"));
        try {
            String stored = redis.hostCredential(id);
            assertTrue(stored.contains("\"hash\"") && stored.contains("IT host"), stored);
            assertFalse(stored.contains(credential.substring(credential.indexOf('.') + 1)), "no secret in Redis");

            RoomsClient.Reply created = rooms().create("Bearer " + credential, "{\"name\":\"By a host\"}");
            assertEquals(201, created.status(), () -> created.body().toString());
            CREATED_ROOMS.add(created.text("id"));
            assertEquals(200, rooms().state("Bearer " + credential, created.text("id")).status());

            // An issued credential hosts meetings but cannot manage credentials.
            assertEquals(401, rooms().call("POST", "api/host-credentials", "Bearer " + credential, null).status());
            assertEquals(401, rooms().call("GET", "api/host-credentials", "Bearer " + credential, null).status());
            assertEquals(401, rooms().call("DELETE", "api/host-credentials/" + id, "Bearer " + credential, null).status());

            RoomsClient.Reply listed = rooms().call("GET", "api/host-credentials", bearer(), null);
            assertEquals(200, listed.status());
            JsonObject mine = listed.body().getJsonArray("credentials").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
            assertEquals(Set.of("id", "label", "createdAt"), mine.keySet(), "never a secret or hash");
        } finally {
            assertEquals(204, rooms().call("DELETE", "api/host-credentials/" + id, bearer(), null).status());
        }
        RoomsClient.Reply refused = rooms().create("Bearer " + credential, "{\"name\":\"Too late\"}");
        assertEquals(401, refused.status(), "revoked at once");
        assertEquals("UNAUTHORIZED", refused.text("code"));
        assertEquals(null, redis.hostCredential(id));
        assertEquals(404, rooms().call("DELETE", "api/host-credentials/" + id, bearer(), null).status());
        assertEquals(400, rooms().call("POST", "api/host-credentials", bearer(), "{\"label\": 5}").status());
    }

    // ---- host powers, limits, expiry ----

    @Test
    void theHostEndsTheMeetingForEveryone() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer(); TestPeer late = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);
            guest.send(new EndMeeting());
            guest.expectError(ErrorCode.FORBIDDEN);
            assertEquals(2, redis.occupancyCount(room.id()));

            host.send(new EndMeeting());
            for (TestPeer member : List.of(host, guest)) {
                member.expect(MeetingEnded.class, PROMPTLY);
                assertEquals(4002, member.awaitClose().getCloseCode().getCode());
            }
            assertFalse(redis.keysOf(room.id()).contains("parley:room:" + room.id() + ":occupants"), "occupants gone");
            assertTrue(redis.occupants(room.id()).isEmpty());
            assertTrue(redis.room(room.id()).containsKey("endedAt"));
            assertTrue(redis.roomTtl(room.id()) > 0, "the ended marker expires");

            late.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), "Late", null));
            late.expectError(ErrorCode.ROOM_ENDED);
            RoomsClient.Reply state = rooms().state(bearer(), room.id());
            assertEquals(410, state.status());
            assertEquals("ROOM_ENDED", state.text("code"));
            assertTrue(redis.occupants(room.id()).isEmpty(), "the refusal changed nothing");
            assertEquals("0", redis.room(room.id()).get("occupancyCount"));
        }
    }

    @Test
    void theHostRemovesAParticipant() throws Exception {
        TestRoom room = newRoom();
        try (TestPeer host = peer(); TestPeer guest = peer(); TestPeer other = peer()) {
            host.join(room.id(), room.hostToken(), "Hana");
            guest.join(room.id(), room.participantToken(), "Gus");
            host.expect(ParticipantJoined.class);
            other.join(room.id(), room.participantToken(), "Olga");
            host.expect(ParticipantJoined.class);
            guest.expect(ParticipantJoined.class);

            other.send(new RemoveParticipant(guest.id()));
            other.expectError(ErrorCode.FORBIDDEN);
            host.send(new RemoveParticipant("no-such-participant"));
            host.expectError(ErrorCode.PARTICIPANT_NOT_FOUND);
            assertEquals(3, redis.occupancyCount(room.id()));

            host.send(new RemoveParticipant(guest.id()));
            guest.expect(Removed.class, PROMPTLY);
            assertEquals(4003, guest.awaitClose().getCloseCode().getCode());
            for (TestPeer member : List.of(host, other)) {
                assertEquals(guest.id(), member.expect(ParticipantLeft.class, PROMPTLY).participantId());
            }
            assertEquals(Set.of(host.id(), other.id()), redis.occupants(room.id()).keySet());
            assertEquals(2, redis.occupancyCount(room.id()));
            assertRoomUndisturbed(room, host, other);
        }
    }

    @Test
    void aFullRoomSaysSo() throws Exception {
        TestRoom room = newRoom();
        List<TestPeer> peers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < MAX_PARTICIPANTS; i++) {
                TestPeer peer = peer();
                peers.add(peer);
                peer.join(room.id(), room.participantToken(), "P" + i);
            }
            try (TestPeer extra = peer()) {
                extra.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), "Extra", null));
                assertEquals("This room is full (" + MAX_PARTICIPANTS + " people).", extra.expectError(ErrorCode.ROOM_FULL).message());
                assertEquals(MAX_PARTICIPANTS, redis.occupancyCount(room.id()));
                assertEquals(MAX_PARTICIPANTS, redis.occupants(room.id()).size());
                peers.get(0).send(new Leave());
                peers.get(0).awaitClose();
                assertFalse(extra.join(room.id(), room.participantToken(), "Extra").isHost(), "a place came free");
                extra.send(new Leave());
                extra.awaitClose();
            }
        } finally {
            for (TestPeer peer : peers) {
                peer.close();
            }
        }
    }

    @Test
    void anEmptyRoomLeavesRedisAfterItsTimeUnlessSomeoneComes() throws Exception {
        TestRoom room = newRoom();
        assertTrue(redis.roomTtl(room.id()) > 0, "a new room nobody entered yet expires");
        try (TestPeer guest = peer()) {
            guest.join(room.id(), room.participantToken(), "Gus");
            assertEquals(-1, redis.roomTtl(room.id()), "an occupied room does not expire");
            assertEquals(-1, redis.occupantsTtl(room.id()));
            guest.send(new Leave());
            guest.awaitClose();
        }
        eventually(() -> assertTrue(redis.roomTtl(room.id()) > 0 || redis.roomTtl(room.id()) == -2));
        eventually(() -> assertEquals(List.of(), redis.keysOf(room.id()), "every key of the room is gone"));
        try (TestPeer late = peer()) {
            late.send(new org.parley.api.signalling.Join(room.id(), room.participantToken(), "Late", null));
            late.expectError(ErrorCode.ROOM_NOT_FOUND);
        }
    }

    // ---- helpers ----

    /** A newcomer's arrival and departure reach every member, and Redis counts them right. */
    private void assertRoomUndisturbed(TestRoom room, TestPeer... members) throws Exception {
        Set<String> memberIds = Arrays.stream(members).map(TestPeer::id).collect(Collectors.toSet());
        try (TestPeer newcomer = peer()) {
            Joined joined = newcomer.join(room.id(), room.participantToken(), "Newcomer");
            assertEquals(memberIds, joined.participants().stream().map(Participant::id).collect(Collectors.toSet()));
            for (TestPeer member : members) {
                assertEquals(newcomer.id(), member.expect(ParticipantJoined.class).participant().id());
            }
            assertEquals(members.length + 1, redis.occupancyCount(room.id()));
            newcomer.send(new Leave());
            for (TestPeer member : members) {
                assertEquals(newcomer.id(), member.expect(ParticipantLeft.class).participantId());
            }
            assertEquals(members.length, redis.occupancyCount(room.id()));
        }
    }

    /** The peer's socket still carries its messages: its leave is honoured and announced. */
    private void assertLeavesCleanly(TestRoom room, TestPeer leaver, TestPeer remaining) throws Exception {
        leaver.send(new Leave());
        assertEquals(leaver.id(), remaining.expect(ParticipantLeft.class).participantId());
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, leaver.awaitClose().getCloseCode());
        assertEquals(Set.of(remaining.id()), redis.occupants(room.id()).keySet());
    }

    private static void joinBoth(TestRoom room, TestPeer first, TestPeer second) throws Exception {
        first.join(room.id(), room.participantToken(), "First");
        second.join(room.id(), room.participantToken(), "Second");
        first.expect(ParticipantJoined.class);
    }

    /** Polls {@code check} until it passes or {@link TestPeer#PATIENCE} runs out. */
    private static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + TestPeer.PATIENCE.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The token with its role claim changed to host and the signature kept. */
    private static String promoted(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String forged = claims.replaceFirst("^[a-z]+", "host");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
    }

    private record TestRoom(String id, String participantToken, String hostToken) {}

    private TestRoom newRoom() throws Exception {
        RoomsClient.Reply reply = rooms().create(bearer(), "{\"name\":\"IT room\"}");
        assertEquals(201, reply.status(), () -> reply.body().toString());
        String id = reply.text("id");
        CREATED_ROOMS.add(id);
        return new TestRoom(id, tokenOf(reply.text("joinUrl")), tokenOf(reply.text("hostJoinUrl")));
    }

    private static String tokenOf(String joinUrl) {
        return URI.create(joinUrl).getRawQuery().substring("t=".length());
    }

    private TestPeer peer() throws Exception {
        return TestPeer.connect(wsUri());
    }

    private URI wsUri() throws Exception {
        URI http = base();
        return URI.create((http.getScheme().equals("https") ? "wss" : "ws") + http.toString()
                .substring(http.getScheme().length())).resolve("ws");
    }

    private RoomsClient rooms() throws Exception {
        return new RoomsClient(base());
    }

    private URI base() throws Exception {
        String url = deploymentUrl.toString();
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    private static String bearer() {
        return "Bearer " + HOST_KEY;
    }
}
