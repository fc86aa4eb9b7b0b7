package org.parley.web.signalling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.MessageCodec;
import org.parley.web.media.SignalSink;

/** A {@link Socket} over a WebSocket session; every frame goes through one {@link OutboundQueue}. */
final class SessionSocket implements Socket {

    private static final Logger LOG = Logger.getLogger(SessionSocket.class.getName());

    private final Session session;
    private final OutboundQueue outbound;

    SessionSocket(Session session, MessageCodec codec, Executor executor, SocketOverflows overflows) {
        this.session = session;
        this.outbound = new OutboundQueue(session, codec, executor, overflows);
    }

    @Override
    public SignalSink sink() {
        return outbound;
    }

    @Override
    public void ping() {
        outbound.ping();
    }

    @Override
    public void closeNormally() {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "Left the room"));
    }

    @Override
    public void closeForPolicy(String reason) {
        LOG.info(() -> "Closing socket " + session.getId() + " (1008): " + reason);
        close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
    }

    @Override
    public void closeUnresponsive() {
        close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "No answer to pings"));
    }

    @Override
    public void closeReplaced() {
        close(new CloseReason(CloseReason.CloseCodes.getCloseCode(REPLACED), "Resumed on another connection"));
    }

    @Override
    public void closeForRestart() {
        close(new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART, "This server is restarting; reconnect"));
    }

    @Override
    public void closeEnded() {
        outbound.closeAfterSent(new CloseReason(CloseReason.CloseCodes.getCloseCode(ENDED), "The host ended the meeting"));
    }

    @Override
    public void closeRemoved() {
        outbound.closeAfterSent(new CloseReason(CloseReason.CloseCodes.getCloseCode(REMOVED), "Removed by the host"));
    }

    private void close(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing socket " + session.getId() + " failed", e);
        }
    }
}
