package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Issue 15, item 4: a churn soak. Beside one participant who stays, people join, connect their media (offer, ICE,
 * DTLS), speak, mute and unmute, now and then ask for an ICE restart, and leave, four at a time, for
 * {@code parley.soak.duration} (two minutes in {@code make test}, fifteen in {@code make soak}). Afterwards the server
 * is back where it started: threads, file descriptors, heap after a full GC, media connections, rooms and SRTP
 * contexts, and in Redis only the stayer's room and presence: every key the churn left is on its way out (has a TTL).
 */
class ChurnSoakIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration DURATION = Duration.parse(System.getProperty("parley.soak.duration", "PT2M"));
    private static final int AT_ONCE = 4;
    private static final String HOST_KEY = "soak-it-host-key-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ParleyProcess server;
    private static RedissonClient redis;
    private static String roomId;

    /** What is measured before and after. */
    private record Footprint(int threads, int fileDescriptors, long heapBytes, long connections, long rooms,
                             long srtpContexts) {}

    @BeforeAll
    static void start() throws Exception {
        server = ParleyProcess.launch("soak-" + RUN, Map.of(
                "REDIS_ADDRESS", System.getProperty("parley.redisAddress"),
                "PARLEY_HOST_KEY", HOST_KEY,
                "PARLEY_TOKEN_SECRET", "soak-it-secret-" + RUN + "-and-some-more-bytes",
                "PARLEY_ROOM_MAX_PARTICIPANTS", "64"));
        redis = TestRedis.connect();
        server.awaitReady(STARTUP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            if (roomId != null) {
                redis.getKeys().deleteByPattern("parley:room:" + roomId + "*");
            }
            redis.shutdown();
        }
    }

    @Test
    void joinsAndLeavesForMinutesLeaveNothingBehind() throws Exception {
        CreatedRoom room = CreatedRoom.create(server.http(), HOST_KEY, "soak");
        roomId = room.id();
        try (MeetingClient stayer = new MeetingClient("Stayer", 0x50A00001, 0x50A00002)) {
            stayer.connect(server.webSocket());
            stayer.join(roomId, room.token());
            stayer.startMedia();
            AtomicInteger sequence = new AtomicInteger();
            churn(room, Duration.ofSeconds(10), sequence); // warm up: pools grow, code compiles
            Footprint before = settledFootprint(1);
            Set<String> lastingBefore = lastingKeys();

            AtomicLong peakContexts = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(() -> peakContexts.accumulateAndGet(
                    metricsOrEmpty().getOrDefault("parley_media_srtp_contexts", 0L), Math::max), 1, 1, TimeUnit.SECONDS);
            int cycles;
            try {
                cycles = churn(room, DURATION, sequence);
            } finally {
                sampler.shutdownNow();
            }
            Footprint after = settledFootprint(1);
            Set<String> leftLasting = lastingKeys();
            leftLasting.removeAll(lastingBefore);
            System.out.printf("[soak] %d join/offer/mute/leave cycles in %s, %d at once (every fifth with an ICE "
                    + "restart)%n[soak] before: %s, %d Redis keys without a TTL%n[soak] after:  %s, %d more%n"
                    + "[soak] SRTP contexts during the churn: up to %d%n", cycles, DURATION, AT_ONCE, before,
                    lastingBefore.size(), after, leftLasting.size(), peakContexts.get());

            assertTrue(cycles >= 100, "hundreds of cycles expected, ran " + cycles);
            assertEquals(1, after.connections(), "only the stayer's media connection is left");
            assertEquals(1, after.rooms(), "only the stayer's room");
            assertTrue(after.threads() <= before.threads() + 5, "threads: " + before + " → " + after);
            assertTrue(after.fileDescriptors() <= before.fileDescriptors() + 10, "fds: " + before + " → " + after);
            assertTrue(after.heapBytes() <= before.heapBytes() * 3 / 2 + (32 << 20), "heap: " + before + " → " + after);
            assertTrue(before.srtpContexts() > 0, "the stayer's call holds SRTP contexts: " + before);
            assertTrue(peakContexts.get() > before.srtpContexts(), "the visitors' calls held SRTP contexts too: peak "
                    + peakContexts.get());
            assertTrue(after.srtpContexts() <= before.srtpContexts(), "SRTP contexts: " + before + " → " + after);
            assertTrue(leftLasting.isEmpty(), "Redis keys the churn left without a TTL: " + leftLasting);
            assertEquals(1, redis.<String, String>getMap("parley:room:" + roomId + ":occupants").size(),
                    "only the stayer is in the room");
            assertEquals(1, redis.getSet("parley:presence:node:" + server.nodeId + ":held").size(),
                    "the node holds only the stayer");
            assertTrue(stayer.allErrors.isEmpty(), "the stayer's call carried on: " + stayer.allErrors);
        }
    }

    /** Runs cycles, {@link #AT_ONCE} at a time, for {@code duration}; returns how many completed. */
    private static int churn(CreatedRoom room, Duration duration, AtomicInteger sequence) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(AT_ONCE);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < AT_ONCE; w++) {
            running.add(workers.submit(() -> {
                while (System.nanoTime() < end) {
                    int n = sequence.incrementAndGet();
                    cycle(room, n);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        }
        workers.shutdown();
        return done.get();
    }

    private static void cycle(CreatedRoom room, int n) throws Exception {
        try (MeetingClient visitor = new MeetingClient("Visitor-" + n, 0x51000000 + 2 * n, 0x51000001 + 2 * n)) {
            visitor.connect(server.webSocket());
            visitor.join(room.id(), room.token());
            visitor.startMedia();
            for (int i = 0; i < 5; i++) {
                visitor.speak();
            }
            visitor.mute("audio", true);
            visitor.mute("audio", false);
            if (n % 5 == 0) {
                visitor.restartIce();
            }
            visitor.leave();
            visitor.awaitClosed(Duration.ofSeconds(20));
        }
    }

    /** The footprint once the media connections are down to {@code connections} and a full GC has run. */
    private static Footprint settledFootprint(long connections) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Long> metrics = metrics();
        while (metrics.getOrDefault("parley_media_connections", -1L) != connections && System.nanoTime() < deadline) {
            Thread.sleep(250);
            metrics = metrics();
        }
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        metrics = metrics();
        return new Footprint(threads(), fileDescriptors(), metrics.getOrDefault("memory_usedHeap_bytes", -1L),
                metrics.getOrDefault("parley_media_connections", -1L), metrics.getOrDefault("parley_media_rooms", -1L),
                metrics.getOrDefault("parley_media_srtp_contexts", -1L));
    }

    /** Parley's keys in Redis that have no TTL: they stay until something deletes them. */
    private static Set<String> lastingKeys() {
        Set<String> lasting = new TreeSet<>();
        for (String key : redis.getKeys().getKeysByPattern("parley:*")) {
            if (redis.getKeys().remainTimeToLive(key) == -1) {
                lasting.add(key);
            }
        }
        return lasting;
    }

    /** A Prometheus line: name, labels, value (the first of each name is kept). */
    private static final Pattern METRIC = Pattern.compile("(?m)^([a-zA-Z_:]+)(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)$");

    /** The figures, or none when the scrape failed (the sampler must not die of one). */
    private static Map<String, Long> metricsOrEmpty() {
        try {
            return metrics();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static Map<String, Long> metrics() throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(server.http().resolve("metrics")).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> figures = new HashMap<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            figures.putIfAbsent(matcher.group(1), (long) Double.parseDouble(matcher.group(2)));
        }
        return figures;
    }

    private static int threads() throws IOException {
        try (Stream<String> status = Files.lines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            return status.filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).strip()))
                    .findFirst().orElse(-1);
        }
    }

    private static int fileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
            return (int) fds.count();
        }
    }
}
