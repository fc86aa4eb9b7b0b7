package org.parley.bench.sut;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.bench.janus.JanusApi;
import org.parley.bench.parley.SdpOffers;
import org.parley.bench.peer.Peer;
import org.parley.media.spi.DtlsFingerprint;

/**
 * Janus VideoRoom (Debian janus 1.1.2) with only the VideoRoom plugin and the HTTP transport, gathering on the
 * server's veth address. Publishers offer (setup:active) with joinandconfigure; subscribers join with a list of
 * feeds, get Janus's offer (one BUNDLEd peer connection, an audio and a video section per feed) and answer it with
 * start. A meeting participant is a publisher plus such a subscriber to every other publisher, as janus.js apps
 * with multistream do it.
 */
public final class JanusSut implements SystemUnderTest {

    private static final String LIB = "/usr/lib/x86_64-linux-gnu/janus";
    private static final AtomicInteger ROOMS = new AtomicInteger(4000);

    private final String namespace;
    private final String cpus;
    private final String serverIp;
    private final Path logs;
    private final ExecutorService workers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServerProcess server;
    private JanusApi api;
    private long admin;
    private int room;
    /** The room's publishers (by their peer) and the feed id Janus gave each. */
    private final Map<Peer, CompletableFuture<Long>> feeds = new ConcurrentHashMap<>();

    public JanusSut(String namespace, String cpus, String serverIp, Path logs, ExecutorService workers) {
        this.namespace = namespace;
        this.cpus = cpus;
        this.serverIp = serverIp;
        this.logs = logs;
        this.workers = workers;
    }

    @Override
    public String name() {
        return "Janus";
    }

    public static boolean installed() {
        return Files.exists(Path.of("/usr/bin/janus")) && Files.exists(Path.of(LIB, "plugins/libjanus_videoroom.so"));
    }

    @Override
    public void start() throws Exception {
        Path conf = writeConfig();
        server = ServerProcess.start("janus", namespace, cpus, List.of("janus", "-F", conf.toString(), "-C",
                conf.resolve("janus.jcfg").toString(), "-o"), Map.of(), logs.resolve("janus.log"));
        api = new JanusApi(http, URI.create("http://" + serverIp + ":8088/"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                api.open();
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("Janus not up: see " + logs.resolve("janus.log"), e);
                }
                Thread.sleep(300);
            }
        }
        admin = api.attach(event -> { });
    }

    private Path writeConfig() throws IOException {
        Path conf = Files.createDirectories(logs.resolve("janus-conf"));
        Path plugins = Files.createDirectories(logs.resolve("janus-plugins"));
        Path transports = Files.createDirectories(logs.resolve("janus-transports"));
        Path empty = Files.createDirectories(logs.resolve("janus-empty"));
        link(plugins.resolve("libjanus_videoroom.so"), Path.of(LIB, "plugins/libjanus_videoroom.so"));
        link(transports.resolve("libjanus_http.so"), Path.of(LIB, "transports/libjanus_http.so"));
        Files.writeString(conf.resolve("janus.jcfg"), """
                general: {
                  configs_folder = "%s"
                  plugins_folder = "%s"
                  transports_folder = "%s"
                  events_folder = "%s"
                  loggers_folder = "%s"
                  debug_level = 3
                }
                media: {
                  rtp_port_range = "20000-40000"
                }
                nat: {
                  ice_enforce_list = "%s"
                  ignore_mdns = true
                }
                """.formatted(conf, plugins, transports, empty, empty, serverIp));
        Files.writeString(conf.resolve("janus.transport.http.jcfg"), """
                general: {
                  json = "plain"
                  base_path = "/janus"
                  http = true
                  port = 8088
                  https = false
                }
                admin: {
                  admin_http = false
                }
                """);
        Files.writeString(conf.resolve("janus.plugin.videoroom.jcfg"), "general: {\n}\n");
        return conf;
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
    }

    @Override
    public long pid() {
        return server.pid();
    }

    /** A room with a bitrate cap far above the stream's (the stock room caps at 128 kbit/s). */
    @Override
    public void newRoom(String label) throws Exception {
        room = ROOMS.incrementAndGet();
        feeds.clear();
        JsonObject reply = api.message(admin, Json.createObjectBuilder().add("request", "create").add("room", room)
                .add("description", label).add("publishers", 64).add("bitrate", 3_000_000).add("fir_freq", 0)
                .add("audiocodec", "opus").add("videocodec", "vp8").add("notify_joining", false).build(), null);
        if (!reply.toString().contains("\"created\"")) {
            throw new IOException("Janus did not create the room: " + reply);
        }
    }

    @Override
    public Joining join(Peer peer, boolean publish, int[] ssrcs) throws Exception {
        peer.joinStartNanos = System.nanoTime();
        if (!publish) {
            return subscribe(peer, null);
        }
        CompletableFuture<Long> feed = new CompletableFuture<>();
        feeds.put(peer, feed);
        Handle handle = attach(peer, true, feed);
        String offer = SdpOffers.offer(peer, true, ssrcs[0], ssrcs[1], ssrcs[2], "active");
        api.message(handle.id, Json.createObjectBuilder().add("request", "joinandconfigure")
                .add("ptype", "publisher").add("room", room).add("display", "bench-" + peer.index())
                .add("audio", true).add("video", true).build(),
                Json.createObjectBuilder().add("type", "offer").add("sdp", offer).build());
        return handle;
    }

    @Override
    public boolean receivesOnPublishingConnection() {
        return false;
    }

    @Override
    public Joining subscribeToOthers(Peer receiver, Peer own) throws Exception {
        return subscribe(receiver, own);
    }

    /**
     * One subscription to every joined publisher's feed but {@code except}'s, in join order (the runner has waited
     * for the publishers; one Janus did not take is left out rather than failing everyone's subscription).
     */
    private Joining subscribe(Peer peer, Peer except) throws Exception {
        JsonArrayBuilder streams = Json.createArrayBuilder();
        List<Long> feedIds = feeds.entrySet().stream()
                .filter(e -> e.getKey() != except && e.getValue().isDone()
                        && !e.getValue().isCompletedExceptionally())
                .sorted(Comparator.comparingInt(e -> e.getKey().index())).map(e -> e.getValue().join()).toList();
        if (feedIds.isEmpty()) {
            throw new IllegalStateException("no publisher to subscribe to");
        }
        feedIds.forEach(id -> streams.add(Json.createObjectBuilder().add("feed", id)));
        Handle handle = attach(peer, false, null);
        // autoupdate off: when publishers leave at the end, Janus need not renegotiate with subscribers about to go
        api.message(handle.id, Json.createObjectBuilder().add("request", "join").add("ptype", "subscriber")
                .add("room", room).add("autoupdate", false).add("streams", streams).build(), null);
        return handle;
    }

    private Handle attach(Peer peer, boolean publish, CompletableFuture<Long> feed) throws Exception {
        Handle handle = new Handle();
        handle.id = api.attach(event -> onEvent(event, peer, publish, feed, handle));
        return handle;
    }

    /** One Janus plugin handle (one peer connection); closing it detaches. */
    private final class Handle implements Joining {
        volatile long id;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        /** Only the first SDP of a handle is negotiated: a second one would start ICE again on a live peer. */
        final AtomicBoolean negotiated = new AtomicBoolean();

        @Override
        public CompletableFuture<Void> connected() {
            return connected;
        }

        @Override
        public void close() {
            api.detach(id);
        }
    }

    private void onEvent(JsonObject event, Peer peer, boolean publish, CompletableFuture<Long> feed, Handle handle) {
        JsonObject data = event.containsKey("plugindata")
                ? event.getJsonObject("plugindata").getJsonObject("data") : null;
        if (data != null && data.containsKey("error")) {
            IllegalStateException error = new IllegalStateException("Janus: " + data);
            handle.connected.completeExceptionally(error);
            if (feed != null) {
                feed.completeExceptionally(error);
            }
            return;
        }
        if (feed != null && data != null && "joined".equals(data.getString("videoroom", ""))) {
            feed.complete(data.getJsonNumber("id").longValue());
        }
        if (!event.containsKey("jsep") || !handle.negotiated.compareAndSet(false, true)) {
            return;
        }
        String sdp = event.getJsonObject("jsep").getString("sdp");
        if (peer.answeredNanos == 0) {
            peer.answeredNanos = System.nanoTime();
        }
        workers.submit(() -> {
            try {
                if (!publish) {
                    String answer = SdpOffers.answer(sdp, peer, true);
                    api.message(handle.id, Json.createObjectBuilder().add("request", "start").build(),
                            Json.createObjectBuilder().add("type", "answer").add("sdp", answer).build());
                }
                SdpOffers.ServerTransport server = SdpOffers.serverTransport(sdp);
                int port = server.portOn(serverIp).orElseThrow(
                        () -> new IllegalStateException("no Janus candidate on " + serverIp + " in " + sdp));
                peer.connect(new InetSocketAddress(serverIp, port), server.ufrag(), server.password(),
                        new DtlsFingerprint(server.fingerprintAlgorithm(), server.fingerprint()), Duration.ofSeconds(20),
                        publish);
                handle.connected.complete(null);
            } catch (Exception e) {
                handle.connected.completeExceptionally(e);
            }
        });
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
