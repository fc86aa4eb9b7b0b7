package org.parley.web.signin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hosts signing in with the company's identity provider instead of a host key: set {@code parley.jwt.issuer} and
 * either {@code parley.jwt.jwks-url} or {@code parley.jwt.public-key}; a token whose {@code parley.jwt.groups-claim}
 * (default {@code groups}) lists {@code parley.jwt.hosts-group} (default {@code parley-hosts}) may create rooms.
 * Unset: only host keys and credentials are accepted.
 */
@ApplicationScoped
public class HostSignIn {

    private static final Logger LOG = Logger.getLogger(HostSignIn.class.getName());
    static final String NOT_CONFIGURED = "Sign-in tokens are not accepted here: no identity provider is configured "
            + "(parley.jwt.issuer). Use the host key or a host credential.";

    private final Optional<TokenVerifier> verifier;
    private final Optional<SignInSettings> settings;
    private final Clock clock;

    protected HostSignIn() {
        this.verifier = Optional.empty(); // for CDI proxies only
        this.settings = Optional.empty();
        this.clock = null;
    }

    @Inject
    public HostSignIn(@ConfigProperty(name = "parley.jwt.issuer") Optional<String> issuer,
                      @ConfigProperty(name = "parley.jwt.jwks-url") Optional<String> jwksUrl,
                      @ConfigProperty(name = "parley.jwt.public-key") Optional<String> publicKey,
                      @ConfigProperty(name = "parley.jwt.groups-claim", defaultValue = "groups") String groupsClaim,
                      @ConfigProperty(name = "parley.jwt.hosts-group", defaultValue = "parley-hosts") String hostsGroup,
                      @ConfigProperty(name = "parley.jwt.audience") Optional<String> audience) {
        this.clock = Clock.systemUTC();
        this.settings = issuer.filter(i -> !i.isBlank()).map(i -> new SignInSettings(i.strip(),
                jwksUrl.filter(u -> !u.isBlank()).map(u -> URI.create(u.strip())),
                publicKey.filter(k -> !k.isBlank()), groupsClaim.strip(), hostsGroup.strip(),
                audience.filter(a -> !a.isBlank()).map(String::strip), SignInSettings.DEFAULT_LEEWAY));
        this.verifier = settings.map(s -> new TokenVerifier(s, s.jwks().<VerificationKeys>map(url -> new JwksKeys(url, clock))
                .orElseGet(() -> new ConfiguredKey(s.publicKey().orElseThrow()))));
    }

    /** Checks the settings at deployment, so a mistake fails the deployment rather than a host's first try. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        settings.ifPresent(s -> LOG.info(() -> "Hosts may sign in with tokens from " + s.issuer() + " (keys: "
                + s.jwks().map(URI::toString).orElse("the configured public key") + ") listing '" + s.hostsGroup()
                + "' in '" + s.groupsClaim() + "'"));
    }

    public SignInVerdict verify(String token) {
        return verifier.map(v -> v.verify(token, clock.instant()))
                .orElseGet(() -> new SignInVerdict.Refused(NOT_CONFIGURED));
    }
}
