package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What one signalling socket may ask of the server: {@code parley.signalling.messages-per-second} (default 200). A page
 * answers every renegotiation offer, and in a room where people come and go quickly the server offers as fast as the
 * answers come back; the budget sits well above that and well below what would cost the server.
 */
@ApplicationScoped
public class SignallingLimits {

    private final int messagesPerSecond;

    protected SignallingLimits() {
        this.messagesPerSecond = 0; // for CDI proxies only
    }

    @Inject
    public SignallingLimits(@ConfigProperty(name = "parley.signalling.messages-per-second", defaultValue = "200")
                            int messagesPerSecond) {
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("parley.signalling.messages-per-second must be at least 1, not "
                    + messagesPerSecond);
        }
        this.messagesPerSecond = messagesPerSecond;
    }

    public int messagesPerSecond() {
        return messagesPerSecond;
    }
}
