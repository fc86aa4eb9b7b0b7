package org.parley.web.turn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.api.signalling.IceServer;

/**
 * Issues each participant the STUN and TURN servers for their peer connection, with TURN credentials of their own
 * that expire {@code parley.turn.ttl} after issue. Checked at deployment: bad TURN settings stop Parley at start-up.
 */
@ApplicationScoped
public class IceServerIssuer {

    private static final Logger LOG = Logger.getLogger(IceServerIssuer.class.getName());

    private final TurnSettings settings;
    private final Clock clock;
    private final List<String> stunUrls;
    private final List<String> turnUrls;

    protected IceServerIssuer() {
        this.settings = null; // for CDI proxies only
        this.clock = null;
        this.stunUrls = null;
        this.turnUrls = null;
    }

    @Inject
    public IceServerIssuer(@ConfigProperty(name = "parley.turn.urls") Optional<String> urls,
                           @ConfigProperty(name = "parley.turn.secret") Optional<String> secret,
                           @ConfigProperty(name = "parley.turn.ttl", defaultValue = "PT12H") String ttl) {
        this(TurnSettings.from(urls, secret, ttl), Clock.systemUTC());
    }

    public IceServerIssuer(TurnSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.stunUrls = settings.urls().stream().filter(url -> !url.needsCredentials()).map(TurnUrl::url).toList();
        this.turnUrls = settings.urls().stream().filter(TurnUrl::needsCredentials).map(TurnUrl::url).toList();
    }

    /** Reads the settings at deployment, so a mistake in them fails the start rather than the first join. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (settings.urls().isEmpty()) {
            LOG.info("No STUN or TURN servers (parley.turn.urls): browsers that cannot reach the media port "
                    + "directly cannot connect");
        } else {
            LOG.info(() -> "ICE servers for browsers: " + String.join(", ", stunUrls)
                    + (stunUrls.isEmpty() || turnUrls.isEmpty() ? "" : ", ") + String.join(", ", turnUrls)
                    + (turnUrls.isEmpty() ? "" : "; TURN credentials valid for " + settings.ttl()));
        }
    }

    /** The servers for {@code participantId}: the STUN URLs without credentials, the TURN URLs with fresh ones. */
    public List<IceServer> issueFor(String participantId) {
        List<IceServer> servers = new ArrayList<>(2);
        if (!stunUrls.isEmpty()) {
            servers.add(IceServer.stun(stunUrls));
        }
        if (!turnUrls.isEmpty()) {
            TurnCredential credential = TurnCredential.issue(settings.secret(), participantId,
                    clock.instant().plus(settings.ttl()));
            servers.add(new IceServer(turnUrls, credential.username(), credential.password()));
        }
        return List.copyOf(servers);
    }
}
