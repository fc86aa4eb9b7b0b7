package org.parley.web.rest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Reads the small, optional JSON bodies of the REST API, with errors that show the expected shape. */
public final class JsonBodies {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonBodies() {
    }

    /**
     * The string {@code field} of a body like {@code {"field": "example"}}; null when the body or the field is absent.
     *
     * @throws IllegalArgumentException saying what the body should look like
     */
    public static String optionalString(String body, String field, String example) {
        JsonValue member = member(body, field, "{\"" + field + "\": \"" + example + "\"}");
        if (member == null) {
            return null;
        }
        if (!(member instanceof JsonString text)) {
            throw new IllegalArgumentException("'" + field + "' must be a string.");
        }
        return text.getString();
    }

    /**
     * The boolean {@code field} of a body like {@code {"field": true}}; false when the body or the field is absent.
     *
     * @throws IllegalArgumentException saying what the body should look like
     */
    public static boolean optionalBoolean(String body, String field) {
        JsonValue member = member(body, field, "{\"" + field + "\": true}");
        if (member == null) {
            return false;
        }
        if (member != JsonValue.TRUE && member != JsonValue.FALSE) {
            throw new IllegalArgumentException("'" + field + "' must be true or false.");
        }
        return member == JsonValue.TRUE;
    }

    private static JsonValue member(String body, String field, String shape) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonValue value;
        try (var reader = JSON.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException("The body must be JSON like " + shape + ".");
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("The body must be a JSON object like " + shape + ".");
        }
        JsonValue member = object.get(field);
        return member == JsonValue.NULL ? null : member;
    }
}
