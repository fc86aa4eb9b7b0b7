package org.parley.bench.sut;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.parley.api.signalling.MessageCodec;
import org.parley.bench.parley.ParleyRooms;
import org.parley.bench.parley.ParleySession;
import org.parley.bench.peer.Peer;

/** Parley from its built WAR on Payara Micro, with a Redis of its own, joined through /ws like the meeting page. */
public final class ParleySut implements SystemUnderTest {

    /** The media port's reading threads and the fan-out workers. */
    public static final java.util.List<String> MEDIA_THREADS = java.util.List.of("parley-media-", "parley-fan-out-");

    private static final String HOST_KEY = "bench-host-key";

    private final Path webTarget;
    private final String namespace;
    private final String cpus;
    private final String serverIp;
    private final Path logs;
    private final ExecutorService workers;
    // HTTP/1.1 as browsers speak to it: no h2c upgrade attempt.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final MessageCodec codec = new MessageCodec();
    private final URI base;
    private ParleyRooms rooms;
    private ParleyRooms.Room room;
    private ServerProcess server;
    private final List<String> extraJvmOptions;

    @Override
    public Path gcLog() {
        return logs.resolve("parley-gc.log");
    }

    @Override
    public java.util.List<String> mediaThreadPrefixes() {
        return MEDIA_THREADS;
    }

    public ParleySut(Path webTarget, String namespace, String cpus, String serverIp, Path logs,
            ExecutorService workers, List<String> extraJvmOptions) {
        this.webTarget = webTarget;
        this.namespace = namespace;
        this.cpus = cpus;
        this.serverIp = serverIp;
        this.logs = logs;
        this.workers = workers;
        this.extraJvmOptions = extraJvmOptions;
        this.base = URI.create("http://" + serverIp + ":8080/");
    }

    @Override
    public String name() {
        return "Parley";
    }

    @Override
    public void start() throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java",
                "-Dice4j.harvest.mapping.aws.enabled=false", "-Dice4j.harvest.mapping.stun.enabled=false"));
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-jar", webTarget.resolve("payara-micro.jar").toString(),
                "--deploy", webTarget.resolve("parley.war").toString(), "--contextroot", "/", "--port", "8080",
                "--nohazelcast", "--prebootcommandfile",
                webTarget.getParent().resolve("src/main/payara/pre-boot-commands.asadmin").toString()));
        server = ServerProcess.start("parley", namespace, cpus, command, Map.of(
                "REDIS_ADDRESS", "redis://127.0.0.1:6379",
                "PARLEY_HOST_KEY", HOST_KEY,
                "PARLEY_MEDIA_PORT", "10000",
                // fan-out rooms hold hundreds of subscribers; the default limit is sized for meetings
                "PARLEY_ROOM_MAX_PARTICIPANTS", "10000",
                // every simulated participant comes from the load generator's one address
                "PARLEY_SIGNALLING_SOCKETS_PER_ADDRESS", "100000",
                "PARLEY_MEDIA_BIND_ADDRESS", serverIp,
                "PARLEY_PUBLIC_URL", base.toString().replaceAll("/$", "")), logs.resolve("parley.log"));
        rooms = new ParleyRooms(http, base, HOST_KEY);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("Parley exited during start-up: see " + logs.resolve("parley.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Parley not up after 120 s: see " + logs.resolve("parley.log"));
            }
            if (rooms.isUp()) {
                try {
                    rooms.create("warm-up");
                    return;
                } catch (Exception notYet) {
                    // deployed but not ready
                }
            }
            Thread.sleep(500);
        }
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public void newRoom(String label) throws Exception {
        // After a broken step Parley may still be tearing hundreds of sessions down: give it time.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                room = rooms.create(label);
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    @Override
    public Joining join(Peer peer, boolean publish, int[] ssrcs) {
        ParleySession session = new ParleySession(peer, codec, room.id(), room.token(), publish, ssrcs, serverIp,
                workers);
        CompletableFuture<Void> connected = session.start(http, URI.create("ws://" + serverIp + ":8080/ws"));
        return new Joining() {
            @Override
            public CompletableFuture<Void> connected() {
                return connected;
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        try {
            codec.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
