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

    /** False once the server process has exited. */
    default boolean isAliveOrUnknown() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    void close();
}
