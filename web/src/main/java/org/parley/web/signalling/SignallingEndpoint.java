package org.parley.web.signalling;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
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
 * {@code /ws}: decodes client messages for {@link SignallingService} and reports what it rejects. One instance
 * per socket. Messages over 64 KiB close the socket with 1009 (the container enforces {@code maxMessageSize}).
 */
@ServerEndpoint(value = "/ws", configurator = OriginCheck.class)
public class SignallingEndpoint {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(SignallingEndpoint.class.getName());

    private final SignallingService signalling;
    private final Heartbeat heartbeat;
    private final MessageCodec codec;
    private final ContainerExecutor executor;
    private final SocketOverflows overflows;
    private final SignallingLimits limits;
    private final SocketsPerAddress perAddress;
    private Connection connection;
    private MessageBudget budget;
    /** Where this socket comes from, while it is counted in {@link SocketsPerAddress}. */
    private String countedAddress;

    @Inject
    public SignallingEndpoint(SignallingService signalling, Heartbeat heartbeat, MessageCodec codec,
                              ContainerExecutor executor, SocketOverflows overflows, SignallingLimits limits,
                              SocketsPerAddress perAddress) {
        this.signalling = signalling;
        this.heartbeat = heartbeat;
        this.codec = codec;
        this.executor = executor;
        this.overflows = overflows;
        this.limits = limits;
        this.perAddress = perAddress;
    }

    @OnOpen
    public void onOpen(Session session) {
        SessionSocket socket = new SessionSocket(session, codec, executor, overflows);
        if (signalling.refusesNewSockets()) {
            socket.closeForRestart(); // draining: the page reconnects, through the load balancer, to another node
            return;
        }
        String address = SocketsPerAddress.addressOf(session);
        if (address != null) {
            if (!perAddress.admit(address)) {
                socket.closeForPolicy("More than " + perAddress.limit() + " sockets from your address");
                return;
            }
            countedAddress = address;
        }
        connection = new Connection(socket, System::nanoTime);
        budget = new MessageBudget(limits.messagesPerSecond(), System::nanoTime);
        heartbeat.watch(connection);
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void onMessage(String text) {
        if (connection == null) {
            return; // turned away while draining, closing
        }
        connection.heard();
        if (!budget.spend()) {
            connection.socket().closeForPolicy("More than " + limits.messagesPerSecond() + " messages a second");
            return;
        }
        try {
            signalling.handle(connection, codec.decodeFromClient(text));
        } catch (ProtocolException e) {
            connection.sink().send(e.toMessage());
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "The room store is unreachable", e);
            connection.sink().send(new ErrorMessage(ErrorCode.UNAVAILABLE, StoreUnavailableException.MESSAGE));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Handling a signalling message failed", e);
            connection.sink().send(new ErrorMessage(ErrorCode.INTERNAL_ERROR, "The server failed; try again."));
        }
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        if (connection != null) {
            connection.heard();
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (countedAddress != null) {
            perAddress.release(countedAddress);
            countedAddress = null;
        }
        if (connection != null) {
            heartbeat.unwatch(connection);
            signalling.disconnected(connection);
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // The container closes the socket after this; onClose does the clean-up.
        LOG.log(Level.FINE, "Socket " + session.getId() + " failed", error);
    }
}
