package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signalling.MeetingEnded;
import org.parley.api.signalling.MutedByHost;
import org.parley.api.signalling.Participant;
import org.parley.api.signalling.ParticipantJoined;
import org.parley.api.signalling.ParticipantLeft;
import org.parley.api.signalling.ParticipantUpdated;
import org.parley.api.signalling.Removed;
import org.redisson.client.codec.StringCodec;

/** Two channels on the machine's Redis stand for two processes of one cluster, with members on each. */
class RedisRoomChannelTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final TestRedis redis = new TestRedis();
    private final RedisRoomChannel first = new RedisRoomChannel(redis.client, redis.cluster, redis.node("first"));
    private final RedisRoomChannel second = new RedisRoomChannel(redis.client, redis.cluster, redis.node("second"));
    private final String room = redis.room();
    private final BlockingQueue<String> evicted = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        first.close();
        second.close();
        redis.close();
    }

    @Test
    void anEventReachesMembersOnEveryProcessButItsSender() throws Exception {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RecordingSink c = new RecordingSink();
        first.subscribe(room, "a", a);
        second.subscribe(room, "b", b);
        second.subscribe(room, "c", c);

        ParticipantJoined bJoined = new ParticipantJoined(participant("b", false));
        second.publish(room, bJoined, "b");
        a.expect(bJoined);
        c.expect(bJoined);

        ParticipantLeft marker = new ParticipantLeft("someone");
        first.publish(room, marker, null);
        b.expect(marker); // so B got nothing before it: not its own news
        ParticipantLeft after = new ParticipantLeft("someone else");
        second.publish(room, after, null); // reaches Redis after the first marker did
        a.expect(marker);
        a.expect(after); // a member on the publisher's process gets its event once, not again from the topic
        assertEquals(Set.of(marker, after), Set.of(c.next(), c.next()));
        ParticipantLeft last = new ParticipantLeft("last");
        first.publish(room, last, null); // reaches Redis after `after` did
        c.expect(last);
        b.expect(after);
        b.expect(last);
    }

    @Test
    void aRoomsEventsFromOneProcessArriveElsewhereInTheOrderTheyWereMade() throws Exception {
        RecordingSink a = new RecordingSink();
        first.subscribe(room, "a", a);
        second.subscribe(room, "b", new RecordingSink());
        for (int i = 0; i < 200; i++) {
            second.publish(room, new ParticipantUpdated(new Participant("b", "B" + i, false, true, i % 2 == 0, false)), "b");
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("B" + i, ((ParticipantUpdated) a.next()).participant().displayName());
        }
    }

    @Test
    void aMessageForOneMemberReachesTheProcessHoldingTheirSocketAndNobodyElse() throws Exception {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RecordingSink host = new RecordingSink();
        first.subscribe(room, "a", a);
        first.subscribe(room, "b", b);
        second.subscribe(room, "host", host);

        second.send(room, "a", new MutedByHost("audio"));
        a.expect(new MutedByHost("audio"));

        ParticipantLeft marker = new ParticipantLeft("someone");
        second.publish(room, marker, null);
        b.expect(marker);
        host.expect(marker);
        assertTrue(b.received.isEmpty() && host.received.isEmpty());
    }

    @Test
    void endingTheMeetingOnOneProcessTakesEveryMemberElsewhereOut() throws Exception {
        first.onEvicted((roomId, participantId, reason) -> evicted.add(roomId + "/" + participantId + ": " + reason));
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        first.subscribe(room, "a", a);
        first.subscribe(room, "b", b);
        second.subscribe(room, "host", new RecordingSink());

        second.publish(room, new MeetingEnded(), null);

        a.expect(new MeetingEnded());
        b.expect(new MeetingEnded());
        assertEquals(List.of(room + "/a: " + new MeetingEnded(), room + "/b: " + new MeetingEnded()),
                List.of(nextEviction(), nextEviction()).stream().sorted().toList());
        assertFalse(first.listensTo(room), "the room has no members on the first process any more");
    }

    @Test
    void aRemovedMemberIsTakenOutOfTheirProcessWhileOthersStay() throws Exception {
        first.onEvicted((roomId, participantId, reason) -> evicted.add(roomId + "/" + participantId + ": " + reason));
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        first.subscribe(room, "a", a);
        first.subscribe(room, "b", b);
        second.subscribe(room, "host", new RecordingSink());

        second.send(room, "a", new Removed());
        a.expect(new Removed());
        assertEquals(room + "/a: " + new Removed(), nextEviction());

        second.publish(room, new ParticipantLeft("a"), "a");
        b.expect(new ParticipantLeft("a"));
        assertTrue(a.received.isEmpty(), "no longer subscribed: " + a.received);
        assertTrue(evicted.isEmpty(), "only the removed member: " + evicted);
    }

    @Test
    void aProcessStopsListeningToARoomWhenItsLastMemberThereLeaves() throws Exception {
        String topic = ClusterKeys.roomEvents(redis.cluster, room);
        first.subscribe(room, "a", new RecordingSink());
        first.subscribe(room, "b", new RecordingSink());
        assertEquals(1, redis.client.getTopic(topic, StringCodec.INSTANCE).countSubscribers());

        first.unsubscribe(room, "a");
        assertTrue(first.listensTo(room));
        first.unsubscribe(room, "b");
        assertFalse(first.listensTo(room));
        Polling.until(PATIENCE, () -> redis.client.getTopic(topic, StringCodec.INSTANCE).countSubscribers() == 0,
                "Redis to have no subscriber of " + topic);

        // And a member who joins later is heard again.
        RecordingSink late = new RecordingSink();
        first.subscribe(room, "late", late);
        second.publish(room, new ParticipantLeft("x"), null);
        second.publish(room, new ParticipantLeft("y"), null);
        late.expect(new ParticipantLeft("x"));
        late.expect(new ParticipantLeft("y")); // once each: no listener of the earlier members still hears the room
    }

    private String nextEviction() throws InterruptedException {
        String next = evicted.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(next != null, "nobody was taken out within " + PATIENCE);
        return next;
    }

    private static Participant participant(String id, boolean host) {
        return new Participant(id, id.toUpperCase(), host, true, false, false);
    }
}
