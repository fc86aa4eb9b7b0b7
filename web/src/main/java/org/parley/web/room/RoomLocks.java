package org.parley.web.room;

import org.parley.api.signalling.ProtocolException;

/** Mutual exclusion per room, across every Parley process that shares the room store. */
public interface RoomLocks {

    /** Work that runs while the room is locked. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws ProtocolException;
    }

    /** Runs {@code work} holding the room's lock; INTERNAL_ERROR when the lock cannot be had in reasonable time. */
    <T> T inRoom(String roomId, Locked<T> work) throws ProtocolException;
}
