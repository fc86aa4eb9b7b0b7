package org.parley.web.signalling;

import java.util.function.Consumer;
import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/**
 * What the media node gets for a member's connection: its messages go to the socket, and news about the member's
 * media connection goes to signalling, which turns it into presence. Never blocks.
 */
final class MemberSink implements SignalSink {

    private final SignalSink socket;
    private final Consumer<MemberSink> onMediaChange;
    private volatile boolean mediaConnected = true;

    /** @param onMediaChange told after every change; reads {@link #mediaConnected} for the latest state */
    MemberSink(SignalSink socket, Consumer<MemberSink> onMediaChange) {
        this.socket = socket;
        this.onMediaChange = onMediaChange;
    }

    @Override
    public void send(Message message) {
        socket.send(message);
    }

    @Override
    public void mediaConnectionChanged(boolean connected) {
        if (mediaConnected == connected) {
            return; // e.g. the first "connected": a member starts out present
        }
        mediaConnected = connected;
        onMediaChange.accept(this);
    }

    boolean mediaConnected() {
        return mediaConnected;
    }
}
