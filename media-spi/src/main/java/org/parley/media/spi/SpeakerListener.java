package org.parley.media.spi;

/** Told who the room's dominant speaker is. Called on a backend thread: do not block. */
@FunctionalInterface
public interface SpeakerListener {

    /** {@code participantId} now speaks most in the room (the previous speaker, if any, no longer does). */
    void onDominantSpeaker(String participantId);
}
