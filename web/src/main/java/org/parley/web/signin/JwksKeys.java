package org.parley.web.signin;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The issuer's JSON Web Key Set, fetched over HTTP(S) and kept: fetched again when it is {@link #MAX_AGE} old, or when
 * a token names a key it does not hold (rotation), but never more than once per {@link #MIN_REFETCH}, so tokens with
 * made-up key ids cannot make Parley hammer the identity provider. A failed fetch keeps the keys held.
 */
final class JwksKeys implements VerificationKeys {

    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 256 * 1024;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());

    private record Held(String kid, PublicKey key) {}

    private final URI url;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private volatile Map<String, Held> keys = Map.of();
    private volatile Instant fetchedAt = Instant.EPOCH;
    private Instant triedAt = Instant.EPOCH;

    JwksKeys(URI url, Clock clock) {
        this.url = url;
        this.clock = clock;
    }

    @Override
    public Optional<PublicKey> keyFor(String kid, String family) {
        Optional<PublicKey> held = find(kid, family);
        Instant now = clock.instant();
        if (held.isEmpty() || now.isAfter(fetchedAt.plus(MAX_AGE))) {
            refetch(now);
            held = find(kid, family);
        }
        return held;
    }

    private Optional<PublicKey> find(String kid, String family) {
        Map<String, Held> current = keys;
        if (kid != null) {
            return Optional.ofNullable(current.get(kid)).map(Held::key).filter(k -> k.getAlgorithm().equals(family));
        }
        // No key id: acceptable only when the set holds exactly one key of the family.
        var candidates = current.values().stream().map(Held::key).filter(k -> k.getAlgorithm().equals(family)).toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private synchronized void refetch(Instant now) {
        if (now.isBefore(triedAt.plus(MIN_REFETCH))) {
            return;
        }
        triedAt = now;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("the key set is larger than " + MAX_BYTES + " bytes");
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            keys = parse(body);
            fetchedAt = now;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Fetching the identity provider's keys from " + url + " failed (" + e.getMessage()
                    + "); keeping the " + keys.size() + " held", e instanceof IOException ? null : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** RSA keys and EC keys on P-256 meant for signatures; others are skipped. */
    static Map<String, Held> parse(String body) {
        JsonObject set;
        try (var reader = JSON.createReader(new StringReader(body))) {
            set = reader.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON Web Key Set");
        }
        if (!(set.get("keys") instanceof JsonArray keys)) {
            throw new IllegalArgumentException("not a JSON Web Key Set: no 'keys' array");
        }
        Map<String, Held> parsed = new HashMap<>();
        int unnamed = 0;
        for (JsonValue value : keys) {
            if (!(value instanceof JsonObject jwk) || !"sig".equals(text(jwk, "use", "sig"))) {
                continue;
            }
            try {
                PublicKey key = switch (text(jwk, "kty", "")) {
                    case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            number(jwk, "n"), number(jwk, "e")));
                    case "EC" -> "P-256".equals(text(jwk, "crv", "")) ? p256Key(number(jwk, "x"), number(jwk, "y")) : null;
                    default -> null;
                };
                if (key != null) {
                    String kid = text(jwk, "kid", null);
                    String name = kid != null ? kid : "\u0000unnamed-" + unnamed++;
                    parsed.put(name, new Held(kid, key));
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                LOG.log(Level.FINE, "Skipping an unusable key in the key set", e);
            }
        }
        return Map.copyOf(parsed);
    }

    private static String text(JsonObject jwk, String field, String absent) {
        JsonValue value = jwk.get(field);
        return value instanceof JsonString s ? s.getString() : absent;
    }

    private static BigInteger number(JsonObject jwk, String field) {
        String encoded = text(jwk, field, null);
        if (encoded == null) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(encoded));
    }

    private static PublicKey p256Key(BigInteger x, BigInteger y) throws GeneralSecurityException {
        if (x.bitLength() > 256 || y.bitLength() > 256) {
            // the JDK would throw a bare RuntimeException ("Point coordinates do not match field size")
            throw new IllegalArgumentException("a P-256 coordinate longer than 32 bytes");
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256()));
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }
}
