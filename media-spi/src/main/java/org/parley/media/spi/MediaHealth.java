package org.parley.media.spi;

import java.util.Optional;

/**
 * How a media backend is doing, for health checks.
 *
 * @param receiving its ports are bound and open: it can take new participants (readiness)
 * @param live      every thread that reads its ports is alive and none is stuck on one packet (liveness)
 * @param problem   what is wrong, in words, when either is false
 */
public record MediaHealth(boolean receiving, boolean live, Optional<String> problem) {

    public static final MediaHealth HEALTHY = new MediaHealth(true, true, Optional.empty());

    /** Bound and reading, but not live: {@code problem}. */
    public static MediaHealth stuck(String problem) {
        return new MediaHealth(true, false, Optional.of(problem));
    }

    /** Closed: neither receiving nor live. */
    public static MediaHealth closed(String problem) {
        return new MediaHealth(false, false, Optional.of(problem));
    }
}
