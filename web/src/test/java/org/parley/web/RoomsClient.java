package org.parley.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The rooms REST API over real HTTP. */
final class RoomsClient {

    /** A response: status and the JSON body (empty object when there is none). */
    record Reply(int status, JsonObject body) {
        String text(String field) {
            return body.getString(field);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    RoomsClient(URI base) {
        this.base = base;
    }

    Reply create(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/rooms")).timeout(Duration.ofSeconds(30))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Reply state(String authorization, String roomId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/rooms/" + roomId)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.GET().build());
    }

    /** Any request to {@code path} (relative to the application), with an optional JSON body. */
    Reply call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonObject json;
        if (body == null || body.isBlank()) {
            json = JsonObject.EMPTY_JSON_OBJECT;
        } else if (body.strip().startsWith("{")) {
            json = Json.createReader(new StringReader(body)).readObject();
        } else {
            json = Json.createObjectBuilder().add("notJson", body).build(); // shows up in assertion messages
        }
        return new Reply(response.statusCode(), json);
    }
}
