package org.parley.bench.sut;

import org.parley.bench.peer.Peer;

/** Something that forwards media: Parley, Janus, or a ceiling relay. */
public interface SystemUnderTest extends AutoCloseable {

    String name();

    /** Starts the server process and waits until it takes participants. */
    void start() throws Exception;

    /** The server process whose CPU and memory are measured. */
    long pid();

    /** A fresh room (or relay state) for the next scenario. */
    void newRoom(String label) throws Exception;

    /** Joins {@code peer}; a publisher sends audio and video with these SSRCs (audio, video, video RTX). */
    Joining join(Peer peer, boolean publish, int[] ssrcs) throws Exception;

    /**
     * True when a meeting participant receives everyone else on its publishing connection (Parley, the relays);
     * false when it needs a second connection to subscribe (Janus VideoRoom), see {@link #subscribeToOthers}.
     */
    default boolean receivesOnPublishingConnection() {
        return true;
    }

    /**
     * Joins {@code receiver} as the receiving connection of the participant who publishes from {@code own}: it
     * subscribes to every publisher in the room but that one. All publishers have joined before.
     */
    default Joining subscribeToOthers(Peer receiver, Peer own) throws Exception {
        throw new UnsupportedOperationException(name() + " participants receive on their publishing connection");
    }

    /** Its JVM's GC log ({@code -Xlog:gc}), for the pauses during a window; null when it has none. */
    default java.nio.file.Path gcLog() {
        return null;
    }

    /** Name prefixes of the threads that receive and send media, for their own CPU; empty when unknown. */
    default java.util.List<String> mediaThreadPrefixes() {
        return java.util.List.of();
    }

    /** False once the server process has exited. */
    default boolean isAliveOrUnknown() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    void close();
}
