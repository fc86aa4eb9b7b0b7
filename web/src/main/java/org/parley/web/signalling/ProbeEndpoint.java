package org.parley.web.signalling;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.ProtocolException;
import org.parley.web.room.StoreUnavailableException;

/**
 * {@code /ws/probe}: "test my connection" before joining (see {@link ConnectionProbes}). One instance per socket;
 * messages over 16 KiB close it with 1009.
 */
@ServerEndpoint(value = "/ws/probe", configurator = OriginCheck.class)
public class ProbeEndpoint {

    static final int MAX_MESSAGE_BYTES = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(ProbeEndpoint.class.getName());

    private final ConnectionProbes probes;
    private final MessageCodec codec;
    private final ContainerExecutor executor;
    private final SocketOverflows overflows;
    private ConnectionProbes.Session probe;

    @Inject
    public ProbeEndpoint(ConnectionProbes probes, MessageCodec codec, ContainerExecutor executor,
                         SocketOverflows overflows) {
        this.probes = probes;
        this.codec = codec;
        this.executor = executor;
        this.overflows = overflows;
    }

    @OnOpen
    public void onOpen(Session session) {
        probe = new ConnectionProbes.Session(new SessionSocket(session, codec, executor, overflows));
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void onMessage(String text) {
        try {
            probes.handle(probe, codec.decodeFromClient(text));
        } catch (ProtocolException e) {
            probe.sink().send(e.toMessage());
        } catch (StoreUnavailableException e) {
            probe.sink().send(new ErrorMessage(ErrorCode.UNAVAILABLE, StoreUnavailableException.MESSAGE));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Handling a connection test message failed", e);
            probe.sink().send(new ErrorMessage(ErrorCode.INTERNAL_ERROR, "The server failed; try again."));
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (probe != null) {
            probes.end(probe);
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // The container closes the socket after this; onClose does the clean-up.
        LOG.log(Level.FINE, "Connection test socket " + session.getId() + " failed", error);
    }
}
