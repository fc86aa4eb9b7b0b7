package org.parley.web.media;

import org.parley.api.signalling.Message;

/** Delivers a message to one participant's socket. Must not block; may be called from any thread. */
@FunctionalInterface
public interface SignalSink {

    void send(Message message);

    /**
     * The participant's media connection was lost (ICE failed or consent expired) or is back. Signalling uses it
     * for presence: lost media makes a participant away even while their socket is open.
     */
    default void mediaConnectionChanged(boolean connected) {
    }
}
