package org.parley.web.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where browsers reach this application ({@code parley.public-url}); behind a proxy it must be configured,
 * otherwise the address the request came to is used.
 */
@ApplicationScoped
public class PublicUrl {

    private final Optional<URI> configured;

    protected PublicUrl() {
        this.configured = Optional.empty(); // for CDI proxies only
    }

    @Inject
    public PublicUrl(@ConfigProperty(name = "parley.public-url") Optional<String> configured) {
        this.configured = configured.map(String::strip).filter(url -> !url.isEmpty()).map(PublicUrl::withTrailingSlash);
    }

    /** The application's base URL, ending in '/'; {@code requestBase} is the base the current request used. */
    public URI base(URI requestBase) {
        return configured.orElse(requestBase);
    }

    private static URI withTrailingSlash(String url) {
        URI uri = URI.create(url.endsWith("/") ? url : url + "/");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("parley.public-url must be absolute, like https://meet.example.org, not " + url);
        }
        return uri;
    }
}
