package org.parley.media.jvb.transport;

import java.time.Duration;

/**
 * How long a transport waits.
 *
 * @param connect   ICE plus DTLS after {@code connect} (and ICE after an ICE restart's remote credentials)
 * @param handshake one DTLS handshake
 * @param consent   silence from a connected peer (no authenticated STUN check, no media) before it counts as gone
 *                  (RFC 7675 consent freshness: Chrome checks every 2.5 s). 8 s plus the half-second sweep reports
 *                  a vanished browser within 10 s of its last packet while tolerating three lost checks.
 */
public record TransportTimeouts(Duration connect, Duration handshake, Duration consent) {

    public static final TransportTimeouts DEFAULTS =
            new TransportTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(8));

    public TransportTimeouts {
        requirePositive("connect", connect);
        requirePositive("handshake", handshake);
        requirePositive("consent", consent);
    }

    public TransportTimeouts withConnect(Duration connect) {
        return new TransportTimeouts(connect, handshake, consent);
    }

    public TransportTimeouts withConsent(Duration consent) {
        return new TransportTimeouts(connect, handshake, consent);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive: " + value);
        }
    }
}
