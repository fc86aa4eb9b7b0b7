package org.parley.web.signalling;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.parley.web.media.SignalSink;

/**
 * One client socket as signalling sees it: where its messages go and how far it has come in the protocol.
 * Exactly one thread ends up owning the clean-up of a membership, even when the socket closes mid-join.
 */
final class Connection {

    /** The room and the id this socket has in it. */
    record Membership(String roomId, String participantId) {}

    private enum Stage { NEW, JOINING, JOINED, GONE }

    private final Socket socket;
    private final LongSupplier clock;
    private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.NEW);
    private volatile Membership membership;
    private volatile long lastHeard;
    private final long openedAt;

    /** @param clock nanoseconds, as {@link System#nanoTime} */
    Connection(Socket socket, LongSupplier clock) {
        this.socket = socket;
        this.clock = clock;
        this.lastHeard = clock.getAsLong();
        this.openedAt = lastHeard;
    }

    SignalSink sink() {
        return socket.sink();
    }

    Socket socket() {
        return socket;
    }

    /** The client sent something (a message or a pong). */
    void heard() {
        lastHeard = clock.getAsLong();
    }

    boolean silentLongerThan(Duration limit) {
        return clock.getAsLong() - lastHeard > limit.toNanos();
    }

    /** Whether the socket has been open longer than {@code deadline} without joining a room (or trying to). */
    boolean joinOverdue(Duration deadline) {
        return stage.get() == Stage.NEW && clock.getAsLong() - openedAt > deadline.toNanos();
    }

    /** False unless this socket has not joined (or tried to) before. */
    boolean startJoining() {
        return stage.compareAndSet(Stage.NEW, Stage.JOINING);
    }

    /** The join was refused; the socket may try again. */
    void joinRefused() {
        stage.compareAndSet(Stage.JOINING, Stage.NEW);
    }

    /** False when the socket went away during the join: then the caller must undo the membership itself. */
    boolean joined(Membership joined) {
        membership = joined;
        return stage.compareAndSet(Stage.JOINING, Stage.JOINED);
    }

    Optional<Membership> membership() {
        return stage.get() == Stage.JOINED ? Optional.of(membership) : Optional.empty();
    }

    /** Ends the connection's membership; returns it when the caller now owns its clean-up. */
    Optional<Membership> end() {
        return stage.getAndSet(Stage.GONE) == Stage.JOINED ? Optional.of(membership) : Optional.empty();
    }

    void close() {
        socket.closeNormally();
    }

    /** This server is being drained: the client reconnects elsewhere and resumes, which ends this membership here. */
    void closeForRestart() {
        socket.closeForRestart();
    }

    /** The host ended the meeting; call after taking this connection's clean-up with {@link #end}. */
    void closeEnded() {
        socket.closeEnded();
    }

    /** The host removed the participant; call after taking this connection's clean-up with {@link #end}. */
    void closeRemoved() {
        socket.closeRemoved();
    }

    /** The participant resumed on another socket; call after taking this one's clean-up with {@link #end}. */
    void closeReplaced() {
        socket.closeReplaced();
    }
}
