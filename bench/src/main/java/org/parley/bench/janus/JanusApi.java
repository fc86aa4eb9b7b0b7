package org.parley.bench.janus;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Janus's HTTP API (REST + long poll): one session for the whole generator, one handle per peer connection,
 * events dispatched to the handle's listener by the single poll thread.
 */
public final class JanusApi implements AutoCloseable {

    private final HttpClient http;
    private final URI base;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<Long, Consumer<JsonObject>> listeners = new ConcurrentHashMap<>();
    private long session;
    private Thread poller;
    private volatile boolean running = true;

    public JanusApi(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    public void open() throws IOException, InterruptedException {
        session = data(post(base.resolve("janus"), Json.createObjectBuilder().add("janus", "create"))).getJsonNumber("id").longValue();
        poller = new Thread(this::poll, "janus-poll");
        poller.setDaemon(true);
        poller.start();
    }

    public long attach(Consumer<JsonObject> listener) throws IOException, InterruptedException {
        long handle = data(post(base.resolve("janus/" + session), Json.createObjectBuilder().add("janus", "attach")
                .add("plugin", "janus.plugin.videoroom"))).getJsonNumber("id").longValue();
        listeners.put(handle, listener);
        return handle;
    }

    /** A plugin message; returns Janus's immediate reply (ack, or success with plugindata for sync requests). */
    public JsonObject message(long handle, JsonObject body, JsonObject jsep) throws IOException, InterruptedException {
        JsonObjectBuilder request = Json.createObjectBuilder().add("janus", "message").add("body", body);
        if (jsep != null) {
            request.add("jsep", jsep);
        }
        JsonObject reply = post(handleUri(handle), request);
        if (reply.getString("janus", "").equals("error")) {
            throw new IOException("Janus error: " + reply);
        }
        return reply;
    }

    public void detach(long handle) {
        listeners.remove(handle);
        try {
            post(handleUri(handle), Json.createObjectBuilder().add("janus", "detach"));
        } catch (IOException e) {
            // Janus cleans up on session timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI handleUri(long handle) {
        return base.resolve("janus/" + session + "/" + handle);
    }

    private JsonObject post(URI uri, JsonObjectBuilder body) throws IOException, InterruptedException {
        String json = body.add("transaction", "t" + transactions.incrementAndGet()).build().toString();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().isBlank()) {
            throw new IOException("Janus HTTP " + response.statusCode() + ": " + response.body());
        }
        try {
            return parse(response.body()).asJsonObject();
        } catch (RuntimeException e) {
            throw new IOException("Janus sent no JSON: " + response.body(), e);
        }
    }

    private static JsonObject data(JsonObject reply) throws IOException {
        if (!reply.getString("janus", "").equals("success")) {
            throw new IOException("Janus: " + reply);
        }
        return reply.getJsonObject("data");
    }

    private static JsonValue parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private void poll() {
        while (running) {
            try {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("janus/" + session + "?maxev=50"))
                        .timeout(Duration.ofSeconds(45)).GET().build();
                JsonValue events = parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                if (events.getValueType() == JsonValue.ValueType.ARRAY) {
                    events.asJsonArray().forEach(e -> dispatch(e.asJsonObject()));
                } else {
                    dispatch(events.asJsonObject());
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void dispatch(JsonObject event) {
        if (!event.containsKey("sender")) {
            return;
        }
        Consumer<JsonObject> listener = listeners.get(event.getJsonNumber("sender").longValue());
        if (listener != null) {
            listener.accept(event);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
    }
}
