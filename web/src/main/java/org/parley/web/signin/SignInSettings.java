package org.parley.web.signin;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in with the company's identity provider: tokens (JWT, as MicroProfile JWT defines them) from {@code issuer},
 * checked against its JWKS or one configured public key; hosts are those whose {@code groupsClaim} lists
 * {@code hostsGroup}.
 *
 * @param jwks      the issuer's JSON Web Key Set URL, or empty when {@code publicKey} is set
 * @param publicKey the issuer's public key (PEM, or its base64 body), or empty when {@code jwks} is set
 * @param audience  when present, tokens must name it in {@code aud}
 * @param leeway    clock difference tolerated on {@code exp}, {@code nbf} and {@code iat}
 */
public record SignInSettings(String issuer, Optional<URI> jwks, Optional<String> publicKey, String groupsClaim,
                             String hostsGroup, Optional<String> audience, Duration leeway) {

    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    public SignInSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("parley.jwt.issuer must name the identity provider's issuer");
        }
        if (jwks.isPresent() == publicKey.isPresent()) {
            throw new IllegalArgumentException("Set exactly one of parley.jwt.jwks-url and parley.jwt.public-key "
                    + "for the issuer " + issuer);
        }
        jwks.ifPresent(url -> {
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("parley.jwt.jwks-url must be an http(s) URL, not " + url);
            }
        });
        if (groupsClaim.isBlank() || hostsGroup.isBlank()) {
            throw new IllegalArgumentException("parley.jwt.groups-claim and parley.jwt.hosts-group must not be blank");
        }
    }
}
