package org.parley.web.media;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How long each participant's media took to connect, from its opening at the join to ICE and DTLS done: the part of
 * joining a person waits through with a black tile. Told to whoever listens (the join-time metric), once per session.
 */
public final class ConnectTimes {

    private volatile Consumer<Duration> listener = took -> { };

    /** Replaces the listener; it runs on media threads and must not block. */
    public void onEach(Consumer<Duration> listener) {
        this.listener = listener;
    }

    void connected(Duration took) {
        listener.accept(took);
    }
}
