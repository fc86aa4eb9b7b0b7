package org.parley.web.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.web.cluster.Polling;
import org.parley.web.room.Occupant;
import org.parley.web.webhook.RoomEvent.EndReason;
import org.parley.web.webhook.RoomEvent.LeaveReason;

/** Webhooks against real HTTP receivers on 127.0.0.1: signed, in order, retried, bounded, and shut down cleanly. */
class WebhookDeliveryTest {

    private static final String SECRET = "a-webhook-secret-of-at-least-32-characters";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final List<Duration> SHORT_BACKOFF = List.of(Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(40), Duration.ofMillis(80));
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    private final Occupant ana = Occupant.arriving("p-ana", "Ana \"Zoë\" Ødegaard", true, false, null);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void eventsReachTheReceiverInOrderSignedAndReadable() throws Exception {
        LocalReceiver receiver = receiver(LocalReceiver.answering(204));
        Webhooks webhooks = webhooks(Duration.ofSeconds(5), receiver);

        webhooks.emit(new RoomEvent.RoomStarted("room-1"));
        webhooks.emit(new RoomEvent.ParticipantJoined("room-1", ana));
        webhooks.emit(new RoomEvent.ParticipantLeft("room-1", ana, LeaveReason.TIMED_OUT));
        webhooks.emit(new RoomEvent.RoomEnded("room-1", EndReason.EMPTY));
        Polling.until(PATIENCE, () -> webhooks.delivered() == 4, "four deliveries");

        List<LocalReceiver.Request> requests = receiver.requests();
        assertEquals(List.of("room.started", "participant.joined", "participant.left", "room.ended"),
                requests.stream().map(LocalReceiver.Request::eventType).toList());
        List<JsonObject> bodies = new ArrayList<>();
        for (LocalReceiver.Request request : requests) {
            assertEquals("application/json", request.contentType());
            assertSignedWithTheSecret(request);
            JsonObject body = Json.createReader(new StringReader(request.body())).readObject();
            assertEquals(request.eventId(), body.getString("id"));
            assertEquals(request.eventType(), body.getString("type"));
            assertEquals("room-1", body.getString("roomId"));
            Instant.parse(body.getString("createdAt"));
            bodies.add(body);
        }
        assertEquals(4, requests.stream().map(LocalReceiver.Request::eventId).distinct().count(), "one id per event");
        assertFalse(bodies.get(0).containsKey("participantId"), "room events carry no participant");
        assertFalse(bodies.get(0).containsKey("reason"));
        assertEquals("p-ana", bodies.get(1).getString("participantId"));
        assertEquals("Ana \"Zoë\" Ødegaard", bodies.get(1).getString("displayName"));
        assertTrue(bodies.get(1).getBoolean("isHost"));
        assertFalse(bodies.get(1).containsKey("reason"), "a join has no reason");
        assertEquals("timed-out", bodies.get(2).getString("reason"));
        assertEquals("p-ana", bodies.get(2).getString("participantId"));
        assertEquals("empty", bodies.get(3).getString("reason"));
        assertEquals(0, webhooks.failed() + webhooks.dropped());
    }

    @Test
    void aReceiverAnswering500GetsFiveAttemptsPerEventThenTheEventCountsAsFailed() throws Exception {
        LocalReceiver receiver = receiver(LocalReceiver.answering(500));
        Webhooks webhooks = webhooks(Duration.ofSeconds(5), receiver);

        webhooks.emit(new RoomEvent.RoomStarted("room-1"));
        Polling.until(PATIENCE, () -> webhooks.failed() == 1, "the first event given up");
        webhooks.emit(new RoomEvent.RoomEnded("room-1", EndReason.MEETING_ENDED));
        Polling.until(PATIENCE, () -> webhooks.failed() == 2, "the second event given up");

        List<LocalReceiver.Request> requests = receiver.requests();
        assertEquals(10, requests.size());
        assertEquals(1, requests.subList(0, 5).stream().map(LocalReceiver.Request::eventId).distinct().count(),
                "five attempts at the first event, then five at the second");
        assertEquals(1, requests.subList(5, 10).stream().map(LocalReceiver.Request::eventId).distinct().count());
        assertEquals(0, webhooks.delivered());

        receiver.answerFromNowOn(200); // it works again: the next event goes through at once
        webhooks.emit(new RoomEvent.RoomStarted("room-2"));
        Polling.until(PATIENCE, () -> webhooks.delivered() == 1, "a delivery once the receiver recovered");
        assertEquals(11, receiver.requests().size());
        assertEquals(2, webhooks.failed());
    }

    @Test
    void aReceiverThatNeverAnswersIsGivenUpOnAfterFiveAttemptsEachBoundedByTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LocalReceiver hanging = receiver(LocalReceiver.hanging(() -> release.await(60, TimeUnit.SECONDS)));
        Webhooks webhooks = webhooks(Duration.ofSeconds(1), hanging);
        try {
            webhooks.emit(new RoomEvent.RoomStarted("room-1"));
            Polling.until(PATIENCE, () -> webhooks.failed() == 1, "the event given up");

            assertEquals(5, hanging.requests().size());
            assertEquals(0, webhooks.delivered());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHangingReceiverSlowsNeitherTheCallerNorTheOtherReceivers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LocalReceiver hanging = receiver(LocalReceiver.hanging(() -> release.await(60, TimeUnit.SECONDS)));
        LocalReceiver healthy = receiver(LocalReceiver.answering(204));
        Webhooks webhooks = webhooks(Duration.ofSeconds(60), hanging, healthy);
        WebhookSender toHanging = webhooks.senders().get(0);
        WebhookSender toHealthy = webhooks.senders().get(1);
        try {
            webhooks.emit(new RoomEvent.RoomStarted("first"));
            Polling.until(PATIENCE, () -> hanging.requests().size() == 1, "the hanging receiver holding the first event");

            for (int i = 0; i < 2_000; i++) {
                webhooks.emit(new RoomEvent.ParticipantJoined("room-" + i, ana));
            }
            // Every emit has returned while the receiver still holds the first request.
            assertEquals(1, release.getCount());
            assertEquals(1, hanging.requests().size());
            assertEquals(Webhooks.QUEUE_CAPACITY, toHanging.queued(), "the queue holds what it can, no more");
            assertEquals(2_000 - Webhooks.QUEUE_CAPACITY, toHanging.dropped());
            assertEquals(0, toHanging.delivered() + toHanging.failed());

            // The healthy receiver takes every event its queue kept (a burst of 2,000 overflows its queue too), then more.
            Polling.until(PATIENCE, () -> toHealthy.delivered() + toHealthy.dropped() == 2_001,
                    "every event to the healthy receiver delivered or dropped");
            webhooks.emit(new RoomEvent.RoomEnded("last", EndReason.EMPTY));
            Polling.until(PATIENCE, () -> toHealthy.delivered() + toHealthy.dropped() == 2_002,
                    "the healthy receiver getting the next event while the other still hangs");
            List<LocalReceiver.Request> received = healthy.requests();
            assertTrue(received.get(received.size() - 1).body().contains("\"roomId\":\"last\""));
            assertEquals(toHealthy.delivered(), received.size());
            assertEquals(0, toHealthy.failed());
            assertEquals(1, release.getCount(), "still hanging");
        } finally {
            release.countDown();
        }
    }

    @Test
    void closingStopsTheSendersAndDropsWhatTheyHadNotSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LocalReceiver hanging = receiver(LocalReceiver.hanging(() -> release.await(60, TimeUnit.SECONDS)));
        Webhooks webhooks = webhooks(Duration.ofSeconds(60), 10, hanging);
        try {
            for (int i = 0; i < 5; i++) {
                webhooks.emit(new RoomEvent.RoomStarted("room-" + i));
            }
            Polling.until(PATIENCE, () -> hanging.requests().size() == 1, "the first event in flight");

            webhooks.close();

            assertEquals(0, webhooks.senders().get(0).queued());
            Polling.until(PATIENCE, () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().startsWith("parley-webhook")), "every webhook thread gone");
            assertEquals(0, webhooks.delivered());
        } finally {
            release.countDown();
        }
    }

    @Test
    void withoutUrlsNothingIsCreatedAndEmittingDoesNothing() {
        Webhooks off = new Webhooks(WebhookSettings.from(Optional.empty(), Optional.empty(), "PT5S"),
                Webhooks.BACKOFF, Webhooks.QUEUE_CAPACITY, Clock.systemUTC());
        off.emit(new RoomEvent.RoomStarted("room-1"));
        assertEquals(List.of(), off.senders());
        assertEquals(0, off.delivered() + off.failed() + off.dropped());
        off.close();
    }

    private static void assertSignedWithTheSecret(LocalReceiver.Request request) throws Exception {
        Matcher signature = SIGNATURE.matcher(request.signature());
        assertTrue(signature.matches(), request.signature());
        String t = signature.group(1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, signature.group(2));
        long age = Instant.now().getEpochSecond() - Long.parseLong(t);
        assertTrue(age >= -300 && age <= 300, "t is the time of sending, in seconds: " + t);
    }

    private LocalReceiver receiver(LocalReceiver receiver) {
        toClose.add(receiver);
        return receiver;
    }

    private Webhooks webhooks(Duration timeout, LocalReceiver... receivers) {
        return webhooks(timeout, Webhooks.QUEUE_CAPACITY, receivers);
    }

    private Webhooks webhooks(Duration timeout, int capacity, LocalReceiver... receivers) {
        WebhookSettings settings = new WebhookSettings(Arrays.stream(receivers).map(LocalReceiver::url).toList(),
                SECRET, timeout);
        Webhooks webhooks = new Webhooks(settings, SHORT_BACKOFF, capacity, Clock.systemUTC());
        toClose.add(0, webhooks::close); // before the receivers
        return webhooks;
    }
}
