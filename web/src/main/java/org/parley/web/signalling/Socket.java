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

    /** Closes a socket that broke a rule of the protocol's limits (1008, Policy Violation), saying which. */
    void closeForPolicy(String reason);

    /** Closes a socket whose client stopped answering (1001). */
    void closeUnresponsive();

    /** Closes a socket whose participant resumed on a newer one ({@value #REPLACED}): the client must not reconnect. */
    void closeReplaced();

    /** Closes, after everything queued has been sent, because the host ended the meeting ({@value #ENDED}). */
    void closeEnded();

    /** Closes, after everything queued has been sent, because the host removed the participant ({@value #REMOVED}). */
    void closeRemoved();

    /**
     * Closes because this server is being drained (1012, Service Restart): the client reconnects at once, through
     * the load balancer to another node, and resumes as the same participant.
     */
    void closeForRestart();

    /** Close code of a socket replaced by a resume; in the range RFC 6455 leaves to applications. */
    int REPLACED = 4001;
    /** Close code after {@code meetingEnded}: the room is over, do not reconnect. */
    int ENDED = 4002;
    /** Close code after {@code removed}: do not reconnect (rejoining takes the link again, as someone new). */
    int REMOVED = 4003;
}
