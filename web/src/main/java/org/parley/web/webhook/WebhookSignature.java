package org.parley.web.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Parley-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. Signing
 * the time with the body lets a receiver refuse a replayed request (a {@code t} more than a few minutes old) as well
 * as a forged one.
 */
final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String header(long unixSeconds, String body) {
        String t = Long.toString(unixSeconds);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(t + "." + body));
    }

    /** A {@link Mac} per call: it is not thread-safe, and a signature per attempt costs nothing next to the POST. */
    private byte[] hmac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
