package org.parley.bench.parley;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Leave;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.Offer;
import org.parley.bench.peer.Peer;
import org.parley.media.spi.DtlsFingerprint;

/**
 * One participant's signalling, as the meeting page does it: join, offer, connect to the candidate in the
 * server's answer, then answer every offer the server makes.
 */
public final class ParleySession implements WebSocket.Listener, AutoCloseable {

    private final Peer peer;
    private final MessageCodec codec;
    private final String roomId;
    private final String token;
    private final boolean publish;
    private final int[] ssrcs;
    private final String serverIp;
    private final ExecutorService workers;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> sending = null;
    private volatile WebSocket socket;
    private boolean connectStarted;

    public ParleySession(Peer peer, MessageCodec codec, String roomId, String token, boolean publish, int[] ssrcs,
            String serverIp, ExecutorService workers) {
        this.peer = peer;
        this.codec = codec;
        this.roomId = roomId;
        this.token = token;
        this.publish = publish;
        this.ssrcs = ssrcs;
        this.serverIp = serverIp;
        this.workers = workers;
    }

    /** Joins; the future completes once ICE and DTLS are up. */
    public CompletableFuture<Void> start(HttpClient http, URI ws) {
        peer.joinStartNanos = System.nanoTime();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(ws, this)
                .whenComplete((s, e) -> {
                    if (e != null) {
                        connected.completeExceptionally(e);
                    } else {
                        socket = s;
                        send(new Join(roomId, token, "bench-" + peer.index(), null));
                    }
                });
        return connected;
    }

    private synchronized void send(Message message) {
        String text = codec.encode(message);
        WebSocket s = socket;
        sending = sending == null ? s.sendText(text, true) : sending.thenCompose(w -> w.sendText(text, true));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                onMessage(codec.decode(text));
            } catch (Exception e) {
                connected.completeExceptionally(e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        connected.completeExceptionally(new IllegalStateException("signalling closed: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        connected.completeExceptionally(error);
    }

    private void onMessage(Message message) {
        if (message instanceof Joined) {
            send(new Offer(SdpOffers.offer(peer, publish, ssrcs[0], ssrcs[1], ssrcs[2])));
        } else if (message instanceof Answer answer) {
            if (peer.answeredNanos == 0) {
                peer.answeredNanos = System.nanoTime();
            }
            connectTo(answer.sdp());
        } else if (message instanceof Offer offer) {
            send(new Answer(SdpOffers.answer(offer.sdp(), peer)));
        } else if (message instanceof ErrorMessage error) {
            connected.completeExceptionally(new IllegalStateException("server error " + error));
        }
    }

    private void connectTo(String sdp) {
        if (connectStarted) {
            return;
        }
        connectStarted = true;
        SdpOffers.ServerTransport server = SdpOffers.serverTransport(sdp);
        int port = server.portOn(serverIp).orElseThrow(
                () -> new IllegalStateException("no server candidate on " + serverIp + " in " + sdp));
        workers.submit(() -> {
            try {
                peer.connect(new InetSocketAddress(serverIp, port), server.ufrag(), server.password(),
                        new DtlsFingerprint(server.fingerprintAlgorithm(), server.fingerprint()), Duration.ofSeconds(20),
                        true, server.iceLite());
                connected.complete(null);
            } catch (Exception e) {
                connected.completeExceptionally(e);
            }
        });
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        CompletableFuture<WebSocket> done;
        synchronized (this) {
            send(new Leave());
            done = sending.thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
        }
        try {
            done.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            s.abort();
        }
    }
}
