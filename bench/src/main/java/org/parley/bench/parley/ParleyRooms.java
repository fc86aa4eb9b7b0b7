package org.parley.bench.parley;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.parley.api.rooms.RoomCreated;

/** Creates rooms through Parley's REST API with the host key. */
public final class ParleyRooms {

    /** A room and the participant token from its join URL. */
    public record Room(String id, String token) {}

    private final HttpClient http;
    private final URI base;
    private final String hostKey;
    private final Jsonb jsonb = JsonbBuilder.create();

    public ParleyRooms(HttpClient http, URI base, String hostKey) {
        this.http = http;
        this.base = base;
        this.hostKey = hostKey;
    }

    public Room create(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/rooms"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + hostKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("POST /api/rooms: " + response.statusCode() + " " + response.body());
        }
        RoomCreated created = jsonb.fromJson(response.body(), RoomCreated.class);
        String url = created.joinUrl();
        int t = url.indexOf("t=");
        return new Room(created.id(), url.substring(t + 2).split("&")[0]);
    }

    /** Whether Parley answers at all (start-up polling). */
    public boolean isUp() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
