package org.parley.web.webhook;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.parley.web.room.Occupant;

/**
 * One event as every receiver gets it: the same id and body for all of them, so a receiver (or one fed by several
 * URLs) can tell a retry or a duplicate by {@code id}. The body is
 * {@code {"id","type","createdAt","roomId"}}, plus {@code "participantId","displayName","isHost"} for participant
 * events and {@code "reason"} for {@code participant.left} and {@code room.ended}.
 */
record WebhookMessage(String id, String type, String body) {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static WebhookMessage of(RoomEvent event, UUID id, Instant createdAt) {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("id", id.toString())
                .add("type", event.type())
                .add("createdAt", createdAt.truncatedTo(ChronoUnit.MILLIS).toString())
                .add("roomId", event.roomId());
        if (event instanceof RoomEvent.ParticipantJoined joined) {
            participant(body, joined.participant());
        } else if (event instanceof RoomEvent.ParticipantLeft left) {
            participant(body, left.participant()).add("reason", left.reason().wireName());
        } else if (event instanceof RoomEvent.RoomEnded ended) {
            body.add("reason", ended.reason().wireName());
        }
        return new WebhookMessage(id.toString(), event.type(), body.build().toString());
    }

    private static JsonObjectBuilder participant(JsonObjectBuilder body, Occupant participant) {
        return body.add("participantId", participant.participantId())
                .add("displayName", participant.displayName())
                .add("isHost", participant.isHost());
    }
}
