package org.parley.web.signalling;

import org.parley.web.media.SignalSink;

/** What signalling does to a client's socket; kept apart from the WebSocket API so the state machine is plain Java. */
interface Socket {

    /** Where messages to this client go, in order, without blocking. */
    SignalSink sink();

    /** Asks the client for a sign of life (a WebSocket ping; browsers answer by themselves). */
    void ping();

    /** Closes after the client left the room (1000). */
    void closeNormally();

    /** Closes a socket whose client stopped answering (1001). */
    void closeUnresponsive();

    /** Closes a socket whose participant resumed on a newer one ({@value #REPLACED}): the client must not reconnect. */
    void closeReplaced();

    /** Close code of a socket replaced by a resume; in the range RFC 6455 leaves to applications. */
    int REPLACED = 4001;
}
