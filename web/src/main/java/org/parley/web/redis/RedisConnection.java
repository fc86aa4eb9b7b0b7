package org.parley.web.redis;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The application's one Redisson client, to {@code redis.address} or, when that is unset, to an embedded Redis
 * started for this process. Both are shut down on undeploy.
 */
@ApplicationScoped
public class RedisConnection {

    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    private final Optional<String> configuredAddress;
    private EmbeddedRedis embedded;
    private RedissonClient client;

    protected RedisConnection() {
        this.configuredAddress = Optional.empty(); // for CDI proxies only
    }

    @Inject
    public RedisConnection(@ConfigProperty(name = "redis.address") Optional<String> address) {
        this.configuredAddress = address.map(String::strip).filter(a -> !a.isEmpty());
    }

    /** Connects at deployment, so a wrong address fails the deployment rather than the first meeting. */
    void connectAtStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        client();
    }

    @PostConstruct
    void connect() {
        String address = configuredAddress.orElseGet(() -> {
            embedded = EmbeddedRedis.start();
            LOG.info(() -> "redis.address is not set: started an embedded Redis at " + embedded.address());
            return embedded.address();
        });
        try {
            client = connectTo(address);
        } catch (RuntimeException e) {
            stopEmbedded();
            throw e;
        }
        LOG.info(() -> "Connected to Redis at " + address);
    }

    /** A Redisson client as Parley configures it: readable values, small pools, short timeouts. */
    public static RedissonClient connectTo(String address) {
        RedisLogging.quiet();
        Config config = new Config();
        // Readable in redis-cli; every value Parley stores is text.
        config.setCodec(StringCodec.INSTANCE);
        // Redisson's defaults (16 + 32 threads, 24 connections) are sized for far busier apps than signalling.
        config.setThreads(4);
        config.setNettyThreads(4);
        config.useSingleServer()
                .setAddress(address)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(8)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(4)
                // Fail fast while Redis is away, so joins are told UNAVAILABLE in seconds instead of hanging;
                // Redisson reconnects by itself when Redis is back.
                .setConnectTimeout(2000)
                .setTimeout(2000)
                .setRetryAttempts(1)
                .setPingConnectionInterval(1000);
        return Redisson.create(config);
    }

    @Produces
    public RedissonClient client() {
        return client;
    }

    @PreDestroy
    void disconnect() {
        try {
            client.shutdown();
            // Shutting down leaves Netty's thread-local map on the server's thread that undeploys the application.
            FastThreadLocal.removeAll();
        } finally {
            stopEmbedded();
        }
    }

    private void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
