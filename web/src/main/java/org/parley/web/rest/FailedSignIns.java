package org.parley.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.api.signalling.ErrorCode;

/**
 * Credential guessing, answered with 429: an address whose requests failed authentication more than
 * {@code parley.auth.failures-per-minute} times in a minute is refused, whatever it sends, until its minute is over.
 * Bounded: at most {@link #TRACKED} addresses are remembered (past that, new ones are not limited rather than others
 * forgotten early).
 */
@ApplicationScoped
public class FailedSignIns {

    static final int TRACKED = 10_000;
    private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private record Window(long startedAt, int failures) {}

    private final int allowed;
    private final LongSupplier clock;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    protected FailedSignIns() {
        this.allowed = 0; // for CDI proxies only
        this.clock = null;
    }

    @Inject
    public FailedSignIns(@ConfigProperty(name = "parley.auth.failures-per-minute", defaultValue = "20") int allowed) {
        this(allowed, System::nanoTime);
    }

    FailedSignIns(int allowed, LongSupplier clock) {
        if (allowed < 1) {
            throw new IllegalArgumentException("parley.auth.failures-per-minute must be at least 1, not " + allowed);
        }
        this.allowed = allowed;
        this.clock = clock;
    }

    /** The 429 for a request from an address refused for now, or empty when it may try. */
    Optional<Response> refusal(HttpServletRequest request) {
        return refusedFor(request.getRemoteAddr()).map(wait -> Response.fromResponse(ApiErrors.of(429,
                        ErrorCode.RATE_LIMITED, "Too many failed sign-ins from your address; try again in "
                                + Math.max(1, wait.toSeconds()) + " s."))
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, wait.toSeconds())).build());
    }

    /** How long {@code address} must wait before trying again, or empty when it may try now. */
    public Optional<Duration> refusedFor(String address) {
        Window window = byAddress.get(address);
        long now = clock.getAsLong();
        if (window == null || now - window.startedAt() >= WINDOW_NANOS || window.failures() < allowed) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(WINDOW_NANOS - (now - window.startedAt())));
    }

    /** A request from {@code address} failed authentication. */
    public void failed(String address) {
        long now = clock.getAsLong();
        if (byAddress.size() >= TRACKED && !byAddress.containsKey(address)) {
            byAddress.values().removeIf(w -> now - w.startedAt() >= WINDOW_NANOS);
            if (byAddress.size() >= TRACKED) {
                return;
            }
        }
        byAddress.merge(address, new Window(now, 1), (old, fresh) -> now - old.startedAt() >= WINDOW_NANOS
                ? fresh : new Window(old.startedAt(), old.failures() + 1));
    }
}
