package org.parley.web.media;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaBackends;
import org.parley.media.spi.MediaSettings;

/**
 * Starts the configured media backend with the application (so its UDP port is bound before anyone joins) and
 * closes it on shutdown (so a redeploy finds the port free).
 */
@ApplicationScoped
public class MediaBackendService {

    private static final Logger LOG = Logger.getLogger(MediaBackendService.class.getName());

    private MediaBackend backend;

    protected MediaBackendService() {
        // for CDI proxies
    }

    @Inject
    public MediaBackendService(
            @ConfigProperty(name = "parley.media.backend", defaultValue = " ") String backendName,
            @ConfigProperty(name = "parley.media.bind-address", defaultValue = "0.0.0.0") String bindAddress,
            @ConfigProperty(name = "parley.media.port", defaultValue = "10000") int port,
            @ConfigProperty(name = "parley.media.public-address") Optional<String> publicAddress) {
        MediaBackendProvider provider = MediaBackends.find(backendName.trim(), Thread.currentThread().getContextClassLoader());
        MediaSettings settings = new MediaSettings(bindAddress, port, publicAddress.filter(a -> !a.isBlank()));
        this.backend = provider.start(settings);
        LOG.info(() -> "Media backend '" + provider.name() + "' receiving on UDP " + bindAddress + ":" + port
                + publicAddress.map(a -> ", advertising " + a).orElse(""));
    }

    /** Instantiates the service at start-up rather than at the first join. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // constructing the bean did the work
    }

    public MediaBackend backend() {
        return backend;
    }

    @PreDestroy
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }
}
