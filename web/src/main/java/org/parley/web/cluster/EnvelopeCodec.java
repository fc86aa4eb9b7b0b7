package org.parley.web.cluster;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.ProtocolException;

/**
 * Envelopes as JSON text with the payload nested as an object, so {@code redis-cli MONITOR} shows readable traffic.
 * Thread-safe.
 */
public final class EnvelopeCodec {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final MessageCodec messages = new MessageCodec();

    public String encode(Envelope envelope) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("type", envelope.type())
                .add("clientID", envelope.clientID())
                .add("roomID", envelope.roomID())
                .add("nodeID", envelope.nodeID());
        if (envelope.payload() != null) {
            try (var reader = JSON.createReader(new StringReader(envelope.payload()))) {
                json.add("payload", reader.readValue());
            }
        }
        return json.build().toString();
    }

    /** @throws IllegalArgumentException for text that is no envelope (nothing a Parley node sends) */
    public Envelope decode(String text) {
        JsonObject json;
        try (var reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a cluster envelope: " + abbreviate(text), e);
        }
        JsonValue payload = json.get("payload");
        return new Envelope(string(json, "type"), string(json, "clientID"), string(json, "roomID"),
                string(json, "nodeID"), payload == null || payload == JsonValue.NULL ? null : payload.toString());
    }

    public String encodeMessage(Message message) {
        return messages.encode(message);
    }

    public Message decodeMessage(String json) throws ProtocolException {
        return messages.decode(json);
    }

    public Message.FromClient decodeFromClient(String json) throws ProtocolException {
        return messages.decodeFromClient(json);
    }

    /** The {@code type} a signalling message has on the wire (e.g. "answer"). */
    public String typeOf(String messageJson) {
        try (var reader = JSON.createReader(new StringReader(messageJson))) {
            return reader.readObject().getString("type");
        }
    }

    static JsonObject parse(String payload) {
        try (var reader = JSON.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    private static String string(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (!(value instanceof JsonString text)) {
            throw new IllegalArgumentException("Cluster envelope without '" + field + "'");
        }
        return text.getString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
