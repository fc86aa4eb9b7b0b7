package org.parley.media.jvb.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DominantSpeakerTest {

    private final DominantSpeaker speakers = new DominantSpeaker();

    private String interval(double alice, double bob, double carol) {
        return speakers.update(Map.of("alice", alice, "bob", bob, "carol", carol));
    }

    @Test
    void theFirstToSpeakTakesTheFloorAndKeepsItThroughSilence() {
        assertNull(interval(0, 0, 0), "nobody speaks");
        assertNull(interval(0, 2, 0), "a murmur is not speech");
        assertEquals("alice", interval(40, 2, 0));
        for (int i = 0; i < 10; i++) {
            assertNull(interval(0, 0, 0));
        }
        assertEquals("alice", speakers.current(), "the last speaker keeps the floor while everyone is silent");
    }

    @Test
    void aChallengerMustBeClearlyLouderForTwoIntervalsInARow() {
        interval(40, 0, 0);
        interval(40, 0, 0);
        assertNull(interval(40, 45, 0), "barely louder than alice");
        assertNull(interval(0, 60, 0), "a cough, or the first moment of a new speaker");
        assertNull(interval(40, 0, 0), "alice talks on: bob's moment passes");
        assertNull(interval(10, 60, 0));
        assertEquals("bob", interval(10, 60, 0), "bob spoke on for two intervals");
        assertEquals(List.of("bob", "alice"), speakers.recentSpeakers());
    }

    @Test
    void whoLeavesIsForgotten() {
        interval(40, 0, 0);
        speakers.update(Map.of("bob", 0.0, "carol", 30.0));
        assertEquals("carol", speakers.current(), "the floor was free: carol takes it at once");
        assertEquals(List.of("carol"), speakers.recentSpeakers());
    }
}
