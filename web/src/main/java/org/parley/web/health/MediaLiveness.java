package org.parley.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.parley.media.spi.MediaHealth;
import org.parley.web.cluster.ClusterNode;
import org.parley.web.media.MediaBackendService;

/** Liveness: every thread reading the media ports is alive and none is stuck on one packet (restart if not). */
@Liveness
@ApplicationScoped
public class MediaLiveness implements HealthCheck {

    private final ClusterNode node;
    private final Instance<MediaBackendService> backend;

    protected MediaLiveness() {
        this.node = null; // for CDI proxies only
        this.backend = null;
    }

    @Inject
    public MediaLiveness(ClusterNode node, Instance<MediaBackendService> backend) {
        this.node = node;
        this.backend = backend;
    }

    @Override
    public HealthCheckResponse call() {
        return MediaHealthCheck.check("media-threads", node, backend, MediaHealth::live);
    }
}
