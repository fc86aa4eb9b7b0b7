package org.parley.api.signalling;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/** Reads and writes signalling messages. Thread-safe. */
public final class MessageCodec implements AutoCloseable {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    // Map.ofEntries: Map.of stops at ten pairs.
    private static final Map<String, Class<? extends Message.FromClient>> FROM_CLIENT = Map.ofEntries(
            Map.entry("join", Join.class),
            Map.entry("offer", Offer.class),
            Map.entry("answer", Answer.class),
            Map.entry("candidate", Candidate.class),
            Map.entry("leave", Leave.class),
            Map.entry("mute", Mute.class),
            Map.entry("muteParticipant", MuteParticipant.class),
            Map.entry("restartIce", RestartIce.class),
            Map.entry("endMeeting", EndMeeting.class),
            Map.entry("removeParticipant", RemoveParticipant.class),
            Map.entry("shareScreen", ShareScreen.class),
            Map.entry("connectionReport", ConnectionReport.class),
            Map.entry("probe", Probe.class));

    private final Jsonb jsonb = JsonbBuilder.create();
    /**
     * The last message encoded, by identity: news published to a room is one message sent to every member's socket,
     * and is encoded once rather than once per member. Messages are records, not changed once sent.
     */
    private volatile Encoded last;

    private record Encoded(Message message, String json) {}

    public String encode(Message message) {
        Encoded cached = last;
        if (cached != null && cached.message() == message) {
            return cached.json();
        }
        String json = jsonb.toJson(message);
        last = new Encoded(message, json);
        return json;
    }

    /** Decodes any message; used by clients and tests. */
    public Message decode(String json) throws ProtocolException {
        String type = typeOf(json);
        try {
            return jsonb.fromJson(json, Message.class);
        } catch (JsonbException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "The '" + type + "' message is malformed: " + rootMessage(e), e);
        }
    }

    /** Decodes a message a client sent, rejecting types only the server may send. */
    public Message.FromClient decodeFromClient(String json) throws ProtocolException {
        String type = typeOf(json);
        Class<? extends Message.FromClient> target = FROM_CLIENT.get(type);
        if (target == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE,
                    "Unknown message type '" + type + "'; expected one of " + FROM_CLIENT.keySet() + ".");
        }
        try {
            return jsonb.fromJson(json, target);
        } catch (JsonbException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "The '" + type + "' message is malformed: " + rootMessage(e), e);
        }
    }

    private static String typeOf(String json) throws ProtocolException {
        JsonObject object;
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "A message must be a JSON object.");
            }
            object = value.asJsonObject();
        } catch (JsonException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "The message is not valid JSON.", e);
        } catch (NumberFormatException e) {
            // JSON's grammar allows any exponent; the parser's numbers (BigDecimal) stop at 32 bits of scale.
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "The message has a number out of range.", e);
        }
        JsonValue type = object.get("type");
        if (!(type instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "The message has no 'type' string.");
        }
        return typeName.getString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void close() throws Exception {
        jsonb.close();
    }
}
