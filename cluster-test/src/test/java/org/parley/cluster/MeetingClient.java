package org.parley.cluster;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorCode;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.Mute;
import org.parley.api.signalling.Offer;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.ProtocolException;
import org.parley.api.signalling.RestartIce;
import org.parley.media.spi.tck.peer.RtpPackets;
import org.parley.media.spi.tck.peer.TestPeer;

/**
 * One participant as the meeting page behaves: a signalling socket (Tyrus) and a peer connection (the kit's
 * {@link TestPeer}: real ICE, DTLS and SRTP) that publishes an audio track marked with the participant's name.
 */
final class MeetingClient implements AutoCloseable {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final ClientManager CLIENT = ClientManager.createClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final String name;
    private final int audioSsrc;
    private final int videoSsrc;
    private final byte[] marker;
    private final BlockingQueue<ErrorMessage> errors = new LinkedBlockingQueue<>();
    /** News about the others (participantJoined, participantUpdated, participantLeft), in arrival order. */
    private final BlockingQueue<Message> news = new LinkedBlockingQueue<>();
    /** All news so far, also what {@link #awaitNews} took. */
    private final List<Message> allNews = new CopyOnWriteArrayList<>();
    /** Every error the server sent, for failure messages. */
    final List<ErrorMessage> allErrors = new CopyOnWriteArrayList<>();
    private volatile Session session;
    private volatile CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private volatile CompletableFuture<Joined> joined = new CompletableFuture<>();
    private volatile CompletableFuture<String> answer = new CompletableFuture<>();
    private volatile TestPeer peer;
    private volatile Joined lastJoined;
    private int sequence;

    MeetingClient(String name, int audioSsrc, int videoSsrc) {
        this.name = name;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.marker = ("parley-cluster-it:" + name).getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens a signalling socket (a new one after the old one was lost). */
    void connect(URI webSocket) throws Exception {
        closed = new CompletableFuture<>();
        CompletableFuture<CloseReason> closing = closed;
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session opened, EndpointConfig config) {
                opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(text));
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closing.complete(reason);
            }

            @Override
            public void onError(Session s, Throwable error) {
                closing.complete(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, String.valueOf(error)));
            }
        };
        session = CLIENT.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), webSocket);
    }

    Joined join(String roomId, String token) throws Exception {
        return joinWith(new Join(roomId, token, name, null));
    }

    /** Joins again as the same participant after the socket was lost, with the last resume token. */
    Joined resume(String roomId, String token) throws Exception {
        return joinWith(new Join(roomId, token, name, lastJoined.resumeToken()));
    }

    private Joined joinWith(Join join) throws Exception {
        joined = new CompletableFuture<>();
        send(join);
        lastJoined = joined.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return lastJoined;
    }

    /** Starts (or starts over) the media: a new peer connection, an offer, and ICE + DTLS to the server's answer. */
    void startMedia() throws Exception {
        TestPeer old = peer;
        if (old != null) {
            old.close();
        }
        TestPeer fresh = TestPeer.create();
        peer = fresh;
        answer = new CompletableFuture<>();
        send(new Offer(BrowserSdp.offer(fresh, "stream-" + name, Integer.toUnsignedLong(audioSsrc),
                Integer.toUnsignedLong(videoSsrc))));
        BrowserSdp.ServerTransport server = BrowserSdp.serverTransport(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        fresh.connect(server.ice(), server.candidates(), server.fingerprint());
        fresh.awaitConnected(Duration.ofSeconds(20));
    }

    /** Sends one audio packet carrying this participant's marker. */
    void speak() {
        int seq = sequence++;
        peer.sendRtp(RtpPackets.rtp(audioSsrc, 111, seq & 0xFFFF, seq * 960L, marker));
    }

    /** Whether any packet received so far carries {@code other}'s marker (drains what arrived). */
    boolean hears(MeetingClient other) {
        boolean heard = false;
        byte[] packet;
        while ((packet = peer.receivedRtp().poll()) != null) {
            heard |= contains(packet, other.marker);
        }
        return heard;
    }

    /** Both speak every 20 ms until each has heard the other; returns how long that took. */
    static Duration awaitHearingEachOther(MeetingClient a, MeetingClient b, Duration patience) throws Exception {
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        boolean aHeardB = false;
        boolean bHeardA = false;
        while (!(aHeardB && bHeardA)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Within " + patience + ": " + a.name + " heard " + b.name + " " + aHeardB
                        + ", " + b.name + " heard " + a.name + " " + bHeardA + "; " + a.name + "'s errors "
                        + a.allErrors + ", " + b.name + "'s errors " + b.allErrors);
            }
            a.speak();
            b.speak();
            Thread.sleep(20);
            aHeardB |= a.hears(b);
            bHeardA |= b.hears(a);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    ErrorMessage awaitError(ErrorCode code, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            ErrorMessage error = errors.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (error == null) {
                throw new AssertionError(name + " got no " + code + " within " + patience + "; errors: " + allErrors);
            }
            if (error.code() == code) {
                return error;
            }
        }
    }

    /** Asks the server for an ICE restart (it answers with an offer, which this client answers). */
    void restartIce() throws IOException {
        send(new RestartIce());
    }

    /** Leaves the room; the server closes the socket. */
    void leave() throws IOException {
        send(new Leave());
    }

    /** Mutes or unmutes this participant's microphone ("audio") or camera ("video"). */
    void mute(String kind, boolean muted) throws IOException {
        send(new Mute(kind, muted));
    }

    /** Waits for news about the others that {@code wanted} accepts, skipping other news. */
    <T extends Message> T awaitNews(Class<T> type, Predicate<T> wanted, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Message> skipped = new ArrayList<>();
        while (true) {
            Message next = news.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError(name + " got no matching " + type.getSimpleName() + " within " + patience
                        + "; other news: " + skipped + "; errors: " + allErrors);
            }
            if (type.isInstance(next) && wanted.test(type.cast(next))) {
                return type.cast(next);
            }
            skipped.add(next);
        }
    }

    List<Message> newsSoFar() {
        return List.copyOf(allNews);
    }

    CloseReason awaitClosed(Duration patience) throws Exception {
        return closed.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onText(String text) {
        Message message;
        try {
            message = CODEC.decode(text);
        } catch (ProtocolException e) {
            allErrors.add(new ErrorMessage(ErrorCode.INTERNAL_ERROR, "TEST: undecodable " + text));
            return;
        }
        if (message instanceof Joined j) {
            joined.complete(j);
        } else if (message instanceof Answer a) {
            answer.complete(a.sdp());
        } else if (message instanceof Offer offer) {
            try {
                send(new Answer(BrowserSdp.answer(offer.sdp(), peer)));
            } catch (IOException e) {
                allErrors.add(new ErrorMessage(ErrorCode.INTERNAL_ERROR, "TEST: could not answer: " + e));
            }
        } else if (message instanceof ParticipantJoined || message instanceof ParticipantUpdated
                || message instanceof ParticipantLeft) {
            news.add(message);
            allNews.add(message);
        } else if (message instanceof ErrorMessage error) {
            allErrors.add(error);
            errors.add(error);
        }
    }

    private synchronized void send(Message message) throws IOException {
        session.getBasicRemote().sendText(CODEC.encode(message));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        TestPeer current = peer;
        if (current != null) {
            current.close();
        }
        Session current2 = session;
        if (current2 != null && current2.isOpen()) {
            try {
                current2.close();
            } catch (IOException ignored) {
                // the server may be gone already
            }
        }
    }
}
