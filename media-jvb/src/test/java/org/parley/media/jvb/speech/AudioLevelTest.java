package org.parley.media.jvb.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AudioLevelTest {

    @Test
    void theMeanLoudnessAboveSilenceOfEachWindow() {
        AudioLevel level = new AudioLevel();
        level.onPacket(0x80 | 30); // voice activity bit set, -30 dBov
        level.onPacket(50);
        level.onPacket(127); // silence

        assertEquals(((70 - 30) + (70 - 50) + 0) / 3.0, level.takeMean(), 1e-9);
        assertEquals(0, level.takeMean(), "a new window: nothing came");
    }
}
