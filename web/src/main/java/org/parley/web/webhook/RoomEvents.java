package org.parley.web.webhook;

/**
 * Where signalling reports room events. Called with the room locked: an implementation must return at once, never
 * block, never do I/O and never throw.
 */
public interface RoomEvents {

    /** Reports nothing (webhooks off, tests). */
    RoomEvents NONE = event -> { };

    void emit(RoomEvent event);
}
