package org.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A room created over the REST API with the operator's host key, and the participant token of its join link. */
record CreatedRoom(String id, String token) {

    // HTTP/1.1: Payara loses the body of a request with an h2c Upgrade header (docs/configuration.md).
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static CreatedRoom create(URI server, String hostKey, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.resolve("api/rooms"))
                .header("Authorization", "Bearer " + hostKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonObject created = Json.createReader(new StringReader(response.body())).readObject();
        String query = URI.create(created.getString("joinUrl")).getQuery();
        String token = List.of(query.split("&")).stream().filter(p -> p.startsWith("t=")).findFirst()
                .map(p -> p.substring(2)).orElseThrow();
        return new CreatedRoom(created.getString("id"), token);
    }
}
