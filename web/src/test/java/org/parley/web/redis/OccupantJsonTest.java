package org.parley.web.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.parley.web.room.Occupant;

class OccupantJsonTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Occupant occupant = new Occupant("p-1", "Zoë \"Z\" Ünal", true, false, true, false);
        assertEquals(occupant, OccupantJson.read("p-1", OccupantJson.write(occupant)));
        Occupant other = new Occupant("p-2", "Bo", false, true, false, true, true);
        assertEquals(other, OccupantJson.read("p-2", OccupantJson.write(other)));
        Occupant watching = new Occupant("p-3", "Cy", false, true, false, false, false, true);
        assertEquals(watching, OccupantJson.read("p-3", OccupantJson.write(watching)));
    }

    @Test
    void theStoredShapeIsTheDocumentedOne() {
        assertEquals("{\"isHost\":false,\"isPresent\":true,\"displayName\":\"Bo\",\"audioMuted\":true,\"videoMuted\":false,"
                + "\"sharingScreen\":false,\"inAudience\":false}",
                OccupantJson.write(new Occupant("p", "Bo", false, true, true, false)));
    }

    @Test
    void valuesWrittenBeforeMuteExistedReadAsUnmuted() {
        assertEquals(new Occupant("p", "Bo", false, true, false, false),
                OccupantJson.read("p", "{\"isHost\":false,\"isPresent\":true,\"displayName\":\"Bo\"}"));
    }
}
