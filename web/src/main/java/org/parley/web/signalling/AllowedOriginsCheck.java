package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Checks {@code parley.allowed-origins} at deployment, so a typo fails the deployment rather than every socket. */
@ApplicationScoped
public class AllowedOriginsCheck {

    void check(@Observes @Initialized(ApplicationScoped.class) Object ignored,
               @ConfigProperty(name = "parley.allowed-origins") Optional<String> allowed,
               @ConfigProperty(name = "parley.public-url") Optional<String> publicUrl) {
        AllowedOrigins.from(allowed, publicUrl);
    }
}
