package org.parley.web.signalling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/** A {@link Socket} that keeps what it is sent and how it was closed. */
final class RecordingSocket implements Socket {

    final List<Message> received = new CopyOnWriteArrayList<>();
    volatile String closedAs;

    @Override
    public SignalSink sink() {
        return received::add;
    }

    @Override
    public void ping() {}

    @Override
    public void closeNormally() {
        closedAs = "normally";
    }

    @Override
    public void closeUnresponsive() {
        closedAs = "unresponsive";
    }

    @Override
    public void closeReplaced() {
        closedAs = "replaced";
    }

    @Override
    public void closeForPolicy(String reason) {
        closedAs = "policy: " + reason;
    }

    @Override
    public void closeForRestart() {
        closedAs = "restart";
    }

    @Override
    public void closeEnded() {
        closedAs = "ended";
    }

    @Override
    public void closeRemoved() {
        closedAs = "removed";
    }

    <T extends Message> List<T> all(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Message> T last(Class<T> type) {
        List<T> all = all(type);
        if (all.isEmpty()) {
            throw new AssertionError("No " + type.getSimpleName() + " among " + received);
        }
        return all.get(all.size() - 1);
    }
}
