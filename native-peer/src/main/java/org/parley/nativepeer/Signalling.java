package org.parley.nativepeer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.MessageCodec;
import org.parley.api.signalling.ProtocolException;

/** Parley's signalling socket, as the meeting page uses it: JSON messages of the wire contract, one at a time. */
final class Signalling implements WebSocket.Listener {

    private final MessageCodec codec = new MessageCodec();
    private final Consumer<Message> onMessage;
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    Signalling(URI uri, Consumer<Message> onMessage) {
        this.onMessage = onMessage;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).join();
    }

    /** Sends one message; sends are serialised (the socket takes one text at a time). */
    synchronized void send(Message message) {
        socket.sendText(codec.encode(message), true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String json = partial.toString();
            partial.setLength(0);
            try {
                onMessage.accept(codec.decode(json));
            } catch (ProtocolException | RuntimeException e) {
                System.err.println("native-peer: cannot handle " + json + ": " + e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        System.err.println("native-peer: signalling closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        System.err.println("native-peer: signalling failed: " + error);
    }
}
