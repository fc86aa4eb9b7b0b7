package org.parley.web.health;

import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.parley.media.spi.MediaHealth;
import org.parley.web.cluster.ClusterNode;
import org.parley.web.media.MediaBackendService;

/** Reads the media backend's health for the media checks; a process without the media role has nothing to check. */
final class MediaHealthCheck {

    /** A datagram takes microseconds; a reader busy with one this long is stuck. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(5);

    private MediaHealthCheck() {}

    static HealthCheckResponse check(String name, ClusterNode node, Instance<MediaBackendService> backend,
                                     Predicate<MediaHealth> up) {
        if (!node.settings().media()) {
            return response(name, true, "role", "signalling only: no media here");
        }
        MediaHealth health;
        try {
            health = backend.get().backend().health(STUCK_AFTER);
        } catch (RuntimeException e) {
            return response(name, false, "problem", "the media backend did not start: " + e.getMessage());
        }
        return health.problem().map(problem -> response(name, up.test(health), "problem", problem))
                .orElseGet(() -> new HealthCheckResponse(name, status(up.test(health)), Optional.empty()));
    }

    /** Built directly: the builder API needs the server's provider, which unit tests do not have. */
    private static HealthCheckResponse response(String name, boolean up, String key, String value) {
        return new HealthCheckResponse(name, status(up), Optional.of(Map.of(key, value)));
    }

    private static HealthCheckResponse.Status status(boolean up) {
        return up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
    }
}
