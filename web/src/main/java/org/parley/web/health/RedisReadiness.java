package org.parley.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

/**
 * Readiness: Redis, where rooms live, answers. While it does not, joins fail with UNAVAILABLE: a load balancer should
 * send newcomers elsewhere. Bounded by the client's 2 s timeout.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    private final RedissonClient redis;

    protected RedisReadiness() {
        this.redis = null; // for CDI proxies only
    }

    @Inject
    public RedisReadiness(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            redis.getBucket("parley:health").isExists();
            return new HealthCheckResponse("redis", HealthCheckResponse.Status.UP, Optional.empty());
        } catch (RedisException e) {
            return new HealthCheckResponse("redis", HealthCheckResponse.Status.DOWN,
                    Optional.of(Map.of("problem", "Redis does not answer: " + e.getMessage())));
        }
    }
}
