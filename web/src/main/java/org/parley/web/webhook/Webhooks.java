package org.parley.web.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Room lifecycle webhooks: every event signalling reports is POSTed, signed, to each of {@code parley.webhooks.urls}
 * by a {@link WebhookSender} per URL. Reporting only queues, so signalling never waits for a receiver. Off (no
 * sender, no thread) when no URL is set. Checked at deployment: bad settings stop Parley at start-up.
 */
@ApplicationScoped
public class Webhooks implements RoomEvents {

    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());
    /** Events waiting per URL; beyond it new ones are dropped, so memory stays bounded whatever a receiver does. */
    static final int QUEUE_CAPACITY = 1_000;
    /** The waits between the attempts at one event: five attempts over about 15 s plus their timeouts. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8));

    private final WebhookSettings settings;
    private final Clock clock;
    private final List<WebhookSender> senders;
    /** The HTTP client's threads, ours so they end with the application; null when off. */
    private final ExecutorService httpThreads;

    protected Webhooks() {
        this.settings = null; // for CDI proxies only
        this.clock = null;
        this.senders = null;
        this.httpThreads = null;
    }

    @Inject
    public Webhooks(@ConfigProperty(name = "parley.webhooks.urls") Optional<String> urls,
                    @ConfigProperty(name = "parley.webhooks.secret") Optional<String> secret,
                    @ConfigProperty(name = "parley.webhooks.timeout", defaultValue = "PT5S") String timeout) {
        this(WebhookSettings.from(urls, secret, timeout), BACKOFF, QUEUE_CAPACITY, Clock.systemUTC());
    }

    /** @param backoff the waits between attempts at one event: {@code backoff.size() + 1} attempts in all */
    Webhooks(WebhookSettings settings, List<Duration> backoff, int capacity, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        if (!settings.enabled()) {
            this.senders = List.of();
            this.httpThreads = null;
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "parley-webhooks-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = httpClient(settings.timeout(), httpThreads);
        WebhookSignature signature = new WebhookSignature(settings.secret());
        List<WebhookSender> created = new ArrayList<>();
        for (URI url : settings.urls()) {
            created.add(new WebhookSender(url, "parley-webhook-" + (created.size() + 1), client, signature,
                    settings.timeout(), backoff, capacity, clock));
        }
        this.senders = List.copyOf(created);
        senders.forEach(WebhookSender::start);
    }

    /** Reads the settings at deployment (constructing this bean checks them), so a mistake fails the start. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (settings.enabled()) {
            LOG.info(() -> "Webhooks to " + String.join(", ", senders.stream().map(WebhookSender::label).toList())
                    + "; " + settings.timeout() + " per attempt");
        } else {
            LOG.fine("No webhooks (parley.webhooks.urls)");
        }
    }

    /** Queues the event for every URL; never blocks, never throws. */
    @Override
    public void emit(RoomEvent event) {
        if (senders.isEmpty()) {
            return;
        }
        try {
            WebhookMessage message = WebhookMessage.of(event, UUID.randomUUID(), clock.instant());
            for (WebhookSender sender : senders) {
                sender.offer(message);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A " + event.type() + " webhook event could not be queued", e);
        }
    }

    /** Events receivers answered 2xx to, over all URLs, since start. */
    public long delivered() {
        return sum(WebhookSender::delivered);
    }

    /** Events given up after every attempt failed. */
    public long failed() {
        return sum(WebhookSender::failed);
    }

    /** Events dropped because a URL's queue was full. */
    public long dropped() {
        return sum(WebhookSender::dropped);
    }

    /** For tests: one per URL, in the configured order. */
    List<WebhookSender> senders() {
        return senders;
    }

    /** Stops the senders; what they had not sent yet is dropped, not delivered late by a process on its way out. */
    @PreDestroy
    void close() {
        if (senders.isEmpty()) {
            return;
        }
        int unsent = 0;
        for (WebhookSender sender : senders) {
            unsent += sender.stop();
        }
        httpThreads.shutdownNow();
        LOG.info("Webhooks stopped; " + unsent + " event(s) not yet sent were dropped");
    }

    /**
     * HTTP/1.1, never following redirects (a 3xx is a failed attempt). Built with no context class loader: its selector
     * thread inherits it, and (Java 17 having no {@code HttpClient.close()}) lives until the client is garbage
     * collected, so it must not keep the undeployed application's classes alive meanwhile.
     */
    private static HttpClient httpClient(Duration connectTimeout, ExecutorService threads) {
        Thread current = Thread.currentThread();
        ClassLoader application = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .executor(threads)
                    .build();
        } finally {
            current.setContextClassLoader(application);
        }
    }

    private long sum(ToLongFunction<WebhookSender> count) {
        long total = 0;
        for (WebhookSender sender : senders) {
            total += count.applyAsLong(sender);
        }
        return total;
    }
}
