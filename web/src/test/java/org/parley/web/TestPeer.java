package org.parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientManager;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ProtocolException;

/** A signalling client over a real WebSocket that records what the server sends it. */
final class TestPeer implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = new MessageCodec();
    private static final ClientManager CLIENT = ClientManager.createClient();

    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;
    private volatile String participantId;

    private TestPeer(URI uri) throws Exception {
        this(uri, null);
    }

    /** @param origin the page origin a browser would send, or null for none (a native client) */
    private TestPeer(URI uri, String origin) throws Exception {
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    try {
                        inbox.add(CODEC.decode(text));
                    } catch (ProtocolException e) {
                        inbox.add(new ErrorMessage(ErrorCode.INTERNAL_ERROR, "TEST: server sent undecodable " + text));
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        };
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(java.util.Map<String, java.util.List<String>> headers) {
                        // Tyrus sends an Origin of its own; a native app sends none, a browser its page's.
                        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
                        if (origin != null) {
                            headers.put("Origin", java.util.List.of(origin));
                        }
                    }
                }).build();
        session = CLIENT.connectToServer(endpoint, config, uri);
    }

    static TestPeer connect(URI uri) throws Exception {
        return new TestPeer(uri);
    }

    /** Connects as a page of {@code origin} does. */
    static TestPeer connectFrom(URI uri, String origin) throws Exception {
        return new TestPeer(uri, origin);
    }

    void sendRaw(String text) throws Exception {
        session.getBasicRemote().sendText(text);
    }

    void send(Message message) throws Exception {
        sendRaw(CODEC.encode(message));
    }

    Joined join(String roomId, String token, String displayName) throws Exception {
        send(new Join(roomId, token, displayName, null));
        return remember(expect(Joined.class));
    }

    /** Joins as the participant an earlier {@link Joined} on another socket made, with its resume token. */
    Joined resume(String roomId, String token, Joined earlier) throws Exception {
        send(new Join(roomId, token, "Resumer", earlier.resumeToken()));
        return remember(expect(Joined.class));
    }

    /** Records the id a join gave this peer, for joins sent with {@link #send}. */
    Joined remember(Joined joined) {
        participantId = joined.participantId();
        return joined;
    }

    /** The id the server gave this peer when it joined. */
    String id() {
        return participantId;
    }

    /**
     * The next room or error message, which must be of {@code type}. Media negotiation the server may start on its
     * own (offers, candidates) is skipped: these tests are about rooms, not media.
     */
    <T extends Message> T expect(Class<T> type) throws InterruptedException {
        return expect(type, PATIENCE);
    }

    /** {@link #expect(Class)} with a deadline of its own, for what users must see promptly. */
    <T extends Message> T expect(Class<T> type, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (message == null) {
                fail("No " + type.getSimpleName() + " within " + patience + (closed.isDone() ? "; socket closed: " + closed.join() : ""));
            }
            if (message instanceof Offer || message instanceof Candidate || message instanceof Answer) {
                continue;
            }
            if (!type.isInstance(message)) {
                fail("Expected " + type.getSimpleName() + " but got " + message);
            }
            return type.cast(message);
        }
    }

    ErrorMessage expectError(ErrorCode code) throws InterruptedException {
        ErrorMessage error = expect(ErrorMessage.class);
        assertEquals(code, error.code(), () -> "error " + error);
        return error;
    }

    CloseReason awaitClose() throws InterruptedException, ExecutionException {
        try {
            return closed.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("The server did not close the socket within " + PATIENCE);
        }
    }

    /** How the server closed this socket, if it did within {@code patience}; null while it stays open. */
    CloseReason closeWithin(Duration patience) throws Exception {
        try {
            return closed.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillOpen) {
            return null;
        }
    }

    boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    @Override
    public void close() throws Exception {
        if (session.isOpen()) {
            session.close();
        }
    }
}
