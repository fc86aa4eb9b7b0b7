package org.parley.web.redis;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import org.parley.web.room.Occupant;

/**
 * An occupant's value in the occupants hash:
 * {"isHost":..,"isPresent":..,"displayName":"..","audioMuted":..,"videoMuted":..,"sharingScreen":..,"inAudience":..,
 * "node":".."}. Values written before a flag existed read as false (unmuted, not sharing, on the stage), before
 * {@code node} as held by no known node.
 */
final class OccupantJson {

    /** Looked up once: each {@code Json.create…} call asks the service loader again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private OccupantJson() {}

    static String write(Occupant occupant) {
        var json = JSON.createObjectBuilder()
                .add("isHost", occupant.isHost())
                .add("isPresent", occupant.isPresent())
                .add("displayName", occupant.displayName())
                .add("audioMuted", occupant.audioMuted())
                .add("videoMuted", occupant.videoMuted())
                .add("sharingScreen", occupant.sharingScreen())
                .add("inAudience", occupant.inAudience());
        if (occupant.node() != null) {
            json.add("node", occupant.node());
        }
        return json.build().toString();
    }

    static Occupant read(String participantId, String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return new Occupant(participantId,
                    object.getString("displayName", ""),
                    object.getBoolean("isHost", false),
                    object.getBoolean("isPresent", false),
                    object.getBoolean("audioMuted", false),
                    object.getBoolean("videoMuted", false),
                    object.getBoolean("sharingScreen", false),
                    object.getBoolean("inAudience", false),
                    object.getString("node", null));
        }
    }
}
