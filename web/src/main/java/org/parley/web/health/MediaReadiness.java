package org.parley.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.parley.media.spi.MediaHealth;
import org.parley.web.cluster.ClusterNode;
import org.parley.web.media.MediaBackendService;

/** Readiness: the media ports are bound and open, so new participants can be given media here. */
@Readiness
@ApplicationScoped
public class MediaReadiness implements HealthCheck {

    private final ClusterNode node;
    private final Instance<MediaBackendService> backend;

    protected MediaReadiness() {
        this.node = null; // for CDI proxies only
        this.backend = null;
    }

    @Inject
    public MediaReadiness(ClusterNode node, Instance<MediaBackendService> backend) {
        this.node = node;
        this.backend = backend;
    }

    @Override
    public HealthCheckResponse call() {
        return MediaHealthCheck.check("media-port", node, backend, MediaHealth::receiving);
    }
}
