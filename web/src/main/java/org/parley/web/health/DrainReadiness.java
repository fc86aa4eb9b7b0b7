package org.parley.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.parley.web.cluster.NodeDrain;

/** Readiness: the node is not being drained. A draining node turns new sockets away: send newcomers elsewhere. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {

    private final NodeDrain drain;

    protected DrainReadiness() {
        this.drain = null; // for CDI proxies only
    }

    @Inject
    public DrainReadiness(NodeDrain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        NodeDrain.Status status = drain.status();
        if (status.state() == NodeDrain.State.SERVING) {
            return new HealthCheckResponse("drain", HealthCheckResponse.Status.UP, Optional.empty());
        }
        return new HealthCheckResponse("drain", HealthCheckResponse.Status.DOWN, Optional.of(Map.of(
                "state", status.state().name().toLowerCase(), "participantsMoving", (long) status.participantsMoving())));
    }
}
