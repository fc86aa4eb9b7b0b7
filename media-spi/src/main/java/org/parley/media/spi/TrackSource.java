package org.parley.media.spi;

/**
 * What a track carries, as far as forwarding cares: a shared screen goes before cameras when a subscriber's link
 * cannot carry everything, because a presentation nobody can read is worth less than a face at a lower resolution.
 */
public enum TrackSource {
    MICROPHONE,
    CAMERA,
    SCREEN;

    /** The source a track of {@code kind} has when nothing else is said of it. */
    public static TrackSource of(MediaKind kind) {
        return kind == MediaKind.AUDIO ? MICROPHONE : CAMERA;
    }
}
