package org.parley.web.signalling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.api.signalling.Message;
import org.parley.media.spi.MediaKind;
import org.parley.web.media.MediaNode;
import org.parley.web.media.SignalSink;

/** A {@link MediaNode} that records what signalling asked of it. */
final class RecordingMediaNode implements MediaNode {

    record Open(String participantId, boolean inAudience, SignalSink sink) {}

    record Muted(String participantId, MediaKind kind, boolean muted) {}

    final List<Open> opened = new CopyOnWriteArrayList<>();
    final List<Muted> muted = new CopyOnWriteArrayList<>();
    final List<Message.FromClient> signals = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public void open(String roomId, String participantId, boolean inAudience, SignalSink sink) {
        opened.add(new Open(participantId, inAudience, sink));
    }

    @Override
    public void setMuted(String roomId, String participantId, MediaKind kind, boolean muted) {
        this.muted.add(new Muted(participantId, kind, muted));
    }

    @Override
    public void onSignal(String roomId, String participantId, Message.FromClient message) {
        signals.add(message);
    }

    @Override
    public void close(String roomId, String participantId) {
        closed.add(participantId);
    }
}
