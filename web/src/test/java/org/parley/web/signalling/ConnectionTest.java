package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.parley.web.media.SignalSink;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    private long now = 0;
    private final Connection connection = new Connection(new QuietSocket(), () -> now);
    private final Connection.Membership member = new Connection.Membership("room", "p1");

    @Test
    void joinsOnceAndHandsTheCleanUpToWhoeverEndsIt() {
        assertTrue(connection.startJoining());
        assertFalse(connection.startJoining(), "a second join while joining");
        assertTrue(connection.joined(member));
        assertFalse(connection.startJoining(), "a second join once joined");
        assertEquals(Optional.of(member), connection.membership());
        assertEquals(Optional.of(member), connection.end());
        assertEquals(Optional.empty(), connection.end(), "the clean-up is owned once");
    }

    @Test
    void silenceIsMeasuredFromTheLastMessage() {
        now = Duration.ofSeconds(40).toNanos();
        assertTrue(connection.silentLongerThan(Duration.ofSeconds(30)));
        connection.heard();
        now += Duration.ofSeconds(29).toNanos();
        assertFalse(connection.silentLongerThan(Duration.ofSeconds(30)));
    }

    @Test
    void aSocketThatNeverTriesToJoinIsOverdueAfterTheDeadline() {
        Duration deadline = Duration.ofSeconds(30);
        now = Duration.ofSeconds(29).toNanos();
        assertFalse(connection.joinOverdue(deadline));
        now = Duration.ofSeconds(31).toNanos();
        assertTrue(connection.joinOverdue(deadline));
        assertTrue(connection.startJoining());
        assertFalse(connection.joinOverdue(deadline), "joining (or joined): the heartbeat's business now");
    }

    @Test
    void aRefusedJoinCanBeRetried() {
        assertTrue(connection.startJoining());
        connection.joinRefused();
        assertTrue(connection.startJoining());
    }

    @Test
    void aSocketThatClosesMidJoinLeavesTheCleanUpToTheJoiner() {
        assertTrue(connection.startJoining());
        assertEquals(Optional.empty(), connection.end(), "the closing thread has nothing to clean");
        assertFalse(connection.joined(member), "the joiner must undo its membership");
        assertEquals(Optional.empty(), connection.membership());
    }

    private static final class QuietSocket implements Socket {
        @Override
        public SignalSink sink() {
            return message -> {};
        }

        @Override
        public void ping() {}

        @Override
        public void closeNormally() {}

        @Override
        public void closeUnresponsive() {}

        @Override
        public void closeReplaced() {}

        @Override
        public void closeEnded() {}

        @Override
        public void closeRemoved() {}

        @Override
        public void closeForRestart() {}

        @Override
        public void closeForPolicy(String reason) {}
    }
}
