package org.parley.web.media;

import org.parley.api.signalling.Message;

/** Delivers a message to one participant's socket. Must not block; may be called from any thread. */
@FunctionalInterface
public interface SignalSink {

    void send(Message message);
}
