package org.parley.web.signalling;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.web.config.SettingList;

/**
 * Which web pages may open Parley's sockets: another site's page must not act in a meeting with the visitor's
 * browser. {@code parley.allowed-origins} lists origins ({@code https://meet.example.com}, comma-separated; {@code *}:
 * any); unset, the origin of {@code parley.public-url}, or any when that is unset too (development). A request without
 * an {@code Origin} header comes from no browser page (a native app, a server) and is allowed.
 */
public final class AllowedOrigins {

    private final Set<String> origins;
    private final boolean any;

    private AllowedOrigins(Set<String> origins, boolean any) {
        this.origins = origins;
        this.any = any;
    }

    /** @throws IllegalArgumentException naming the setting, for an entry that is not an origin */
    public static AllowedOrigins from(Optional<String> allowed, Optional<String> publicUrl) {
        Optional<String> list = allowed.map(String::strip).filter(a -> !a.isEmpty());
        if (list.isEmpty()) {
            return publicUrl.map(String::strip).filter(u -> !u.isEmpty())
                    .map(u -> new AllowedOrigins(Set.of(origin(u, "parley.public-url")), false))
                    .orElseGet(() -> new AllowedOrigins(Set.of(), true));
        }
        Set<String> entries = Set.copyOf(SettingList.entries(list));
        if (entries.contains("*")) {
            return new AllowedOrigins(Set.of(), true);
        }
        return new AllowedOrigins(entries.stream().map(e -> origin(e, "parley.allowed-origins"))
                .collect(Collectors.toUnmodifiableSet()), false);
    }

    public boolean allows(String origin) {
        return origin == null || any || origins.contains(origin.strip().toLowerCase());
    }

    /** scheme://host[:port] of {@code url}, lower-case, without a default port. */
    private static String origin(String url, String setting) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": '" + url + "' is not a URL such as https://meet.example.com");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(setting + ": '" + url + "' is not an http(s) origin such as "
                    + "https://meet.example.com");
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port);
    }
}
