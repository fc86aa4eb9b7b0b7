package org.parley.web.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers events to one URL, in order, on a daemon thread of its own, so a receiver that hangs or fails delays
 * nobody but itself. Events wait in a bounded queue: offering never blocks, and a full queue drops the event. Each
 * event gets {@code backoff.size() + 1} attempts, each bounded by the timeout, before it is given up.
 */
final class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    /** How long stopping waits for the thread; interrupted, it ends within milliseconds. */
    private static final long STOP_WAIT_MS = 5_000;

    private final URI url;
    private final String label;
    private final HttpClient client;
    private final WebhookSignature signature;
    private final Duration timeout;
    private final List<Duration> backoff;
    private final Clock clock;
    private final int capacity;
    private final BlockingQueue<WebhookMessage> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    // The sender thread's own, so that trouble is logged once when it starts (WARNING) and once when it ends (INFO),
    // not once per event.
    /** The failed count when the current spell of failures began; -1: not failing. */
    private long failedAtSpellStart = -1;
    private boolean overflowing;
    /** Drops already reported. */
    private long droppedReported;
    /** 1 when an event was being delivered as the thread was stopped; read after it ended. */
    private int abandoned;

    WebhookSender(URI url, String threadName, HttpClient client, WebhookSignature signature, Duration timeout,
                  List<Duration> backoff, int capacity, Clock clock) {
        this.url = url;
        this.label = WebhookSettings.redacted(url);
        this.client = client;
        this.signature = signature;
        this.timeout = timeout;
        this.backoff = List.copyOf(backoff);
        this.clock = clock;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues the event, or drops it (counted) when the queue is full. Never blocks. */
    void offer(WebhookMessage message) {
        if (!queue.offer(message)) {
            dropped.incrementAndGet();
        }
    }

    /** Stops the thread (an attempt in progress is abandoned) and empties the queue; returns how many went unsent. */
    int stop() {
        thread.interrupt();
        try {
            thread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int unsent = queue.size() + abandoned;
        queue.clear();
        return unsent;
    }

    String label() {
        return label;
    }

    int queued() {
        return queue.size();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        WebhookMessage message = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                message = queue.take();
                try {
                    deliver(message);
                } catch (RuntimeException e) {
                    failed.incrementAndGet(); // a bug, not the receiver: this event only
                    LOG.log(Level.WARNING, "Webhook " + label + ": event " + message.id() + " could not be sent", e);
                }
                message = null;
                noteDrops();
            }
        } catch (InterruptedException e) {
            abandoned = message == null ? 0 : 1; // stopping: stop() counts what is left
        }
    }

    private void deliver(WebhookMessage message) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Optional<String> problem = post(message);
            if (problem.isEmpty()) {
                delivered.incrementAndGet();
                if (failedAtSpellStart >= 0) {
                    LOG.info("Webhook " + label + " works again; " + (failed.get() - failedAtSpellStart)
                            + " event(s) were given up meanwhile");
                    failedAtSpellStart = -1;
                }
                return;
            }
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("Webhook " + label + ": event " + message.id() + ", attempt " + (attempt + 1) + ": "
                        + problem.get());
            }
            if (attempt == backoff.size()) {
                if (failedAtSpellStart < 0) {
                    failedAtSpellStart = failed.get();
                    LOG.warning(() -> "Webhook " + label + ": gave up event " + message.id() + " (" + message.type()
                            + ") after " + (backoff.size() + 1) + " attempts, the last: " + problem.get()
                            + "; further failures are not logged until it works again");
                }
                failed.incrementAndGet();
                return;
            }
            Thread.sleep(backoff.get(attempt).toMillis());
        }
    }

    /** Drops happen on signalling's threads, which must not log: told here, when the queue starts and stops overflowing. */
    private void noteDrops() {
        long now = dropped.get();
        if (!overflowing && now > droppedReported) {
            overflowing = true;
            LOG.warning(() -> "Webhook " + label + ": its queue is full (" + capacity + " events); new events are "
                    + "dropped until it catches up");
        } else if (overflowing && queue.isEmpty()) {
            overflowing = false;
            LOG.info("Webhook " + label + " caught up; " + (now - droppedReported) + " event(s) were dropped meanwhile");
            droppedReported = now;
        }
    }

    /** One attempt; empty when the receiver answered 2xx, else what went wrong. */
    private Optional<String> post(WebhookMessage message) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhooks")
                .header("Parley-Event-Id", message.id())
                .header("Parley-Event-Type", message.type())
                .header("Parley-Signature", signature.header(clock.instant().getEpochSecond(), message.body()))
                .POST(HttpRequest.BodyPublishers.ofString(message.body(), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // The request's own timeout ends at the response's headers; this one bounds the whole attempt.
            int status = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (TimeoutException e) {
            response.cancel(true);
            return Optional.of("no response within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Optional.of(cause instanceof HttpTimeoutException ? "no response within " + timeout : cause.toString());
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }
}
