package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.api.RedissonClient;

/**
 * Issue 14, item 1: the EAR on Payara Server (full), set up the way docs/payara-server.md tells an operator to: a
 * domain of its own, Parley's settings as system properties, {@code asadmin deploy}. A call goes through it, the
 * libraries' logging reaches the server's log, health and metrics answer, and undeploying gives the media port back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerEarIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String HOST_KEY = "ear-it-host-key-" + RUN;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PayaraServerDomain domain;
    private static int mediaPort;
    private static RedissonClient redis;
    private static String roomId;
    private static boolean deployed;

    @BeforeAll
    static void deployTheEar() throws Exception {
        Path runtime = Path.of(System.getProperty("parley.runtime"));
        long start = System.nanoTime();
        domain = PayaraServerDomain.create(runtime.resolve("payara6"), Path.of(System.getProperty("parley.work"))
                .resolve("domains"), "parley-it");
        domain.start();
        long started = System.nanoTime();
        mediaPort = FreePorts.take();
        // asadmin reads ':' as a separator in property lists: escaped with a backslash.
        domain.asadmin("create-system-properties", String.join(":",
                "redis.address=" + System.getProperty("parley.redisAddress").replace(":", "\\:"),
                "parley.host-key=" + HOST_KEY,
                "parley.token-secret=ear-it-token-secret-" + RUN + "-and-more-bytes",
                "parley.media.port=" + mediaPort,
                "parley.media.bind-address=127.0.0.1"));
        // As Payara Micro runs with web/src/main/payara/pre-boot-commands.asadmin (docs/configuration.md).
        domain.asadmin("set", "configs.config.server-config.network-config.protocols.protocol.http-listener-1.http"
                + ".http2-enabled=false");
        // An operator's level for a library is kept (Parley quiets Redisson to WARNING only when none is set).
        domain.asadmin("set-log-levels", "org.redisson=INFO");
        domain.asadmin("deploy", "--name", "parley", "--contextroot", "/",
                runtime.resolve("parley.ear").toString());
        deployed = true;
        System.out.printf("[ear-it] domain created and started in %d ms, EAR deployed in %d ms%n",
                (started - start) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
        redis = TestRedis.connect();
    }

    @AfterAll
    static void undeployAndStop() throws Exception {
        try {
            if (deployed) {
                domain.asadmin("undeploy", "parley");
            }
        } finally {
            if (domain != null) {
                domain.close();
            }
            if (redis != null) {
                if (roomId != null) {
                    redis.getKeys().deleteByPattern("parley:room:" + roomId + "*");
                }
                redis.shutdown();
            }
        }
    }

    @Test
    @Order(1)
    void aCallGoesThroughTheEar() throws Exception {
        CreatedRoom room = CreatedRoom.create(server(), HOST_KEY, "ear");
        roomId = room.id();
        try (MeetingClient a = new MeetingClient("A", 0x0E0A0001, 0x0E0A0002);
             MeetingClient b = new MeetingClient("B", 0x0E0B0001, 0x0E0B0002)) {
            for (MeetingClient client : List.of(a, b)) {
                client.connect(URI.create("ws://127.0.0.1:" + domain.httpPort() + "/ws"));
                client.join(room.id(), room.token());
                client.startMedia();
            }
            Duration heard = MeetingClient.awaitHearingEachOther(a, b, Duration.ofSeconds(30));
            System.out.println("[ear-it] A and B hear each other through the EAR after " + heard.toMillis() + " ms");
            assertEquals("2", redis.<String, String>getMap("parley:room:" + room.id()).get("occupancyCount"),
                    "the room in Redis counts both");
        }
    }

    @Test
    @Order(2)
    void healthAndMetricsAnswerOnTheServersHttpPort() throws Exception {
        HttpResponse<String> ready = get("health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"redis\"") && ready.body().contains("\"media-port\""), ready.body());
        HttpResponse<String> live = get("health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("\"media-threads\""), live.body());
        HttpResponse<String> metrics = get("metrics");
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().contains("parley_media_sent_packets"), "Parley's metrics are scraped: "
                + metrics.body().lines().filter(l -> l.contains("parley")).toList());
    }

    @Test
    @Order(3)
    void librariesLogIntoTheServersLog() throws Exception {
        String log = Files.readString(domain.serverLog());
        assertFalse(log.contains("No SLF4J providers"), "SLF4J found no provider: Redisson's logging would be lost");
        assertTrue(log.lines().anyMatch(line -> line.contains("org.redisson.")),
                "Redisson's INFO lines (its level set by the operator) are in " + domain.serverLog());
    }

    @Test
    @Order(4)
    void undeployingGivesTheMediaPortBackAndLeavesNothingBehind() throws Exception {
        long logBefore = Files.size(domain.serverLog());
        domain.asadmin("undeploy", "parley");
        deployed = false;
        String undeployLog;
        try (var log = Files.newInputStream(domain.serverLog())) {
            log.skipNBytes(logBefore);
            undeployLog = new String(log.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Payara names what an application left behind (thread-locals, failed clean-up) at SEVERE or ERROR.
        List<String> complaints = undeployLog.lines().filter(l -> l.contains("[SEVERE]") || l.contains("[ERROR]"))
                .toList();
        assertTrue(complaints.isEmpty(), "undeploying logged " + complaints + "; see " + domain.serverLog());
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), mediaPort));
        }
        assertEquals(404, get("api/rooms").statusCode(), "nothing is served at / once undeployed");
    }

    private static URI server() {
        return URI.create("http://127.0.0.1:" + domain.httpPort() + "/");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
