package org.parley.web.signalling;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses the WebSocket handshake (403) of a page from an origin {@link AllowedOrigins} does not list. The container
 * makes configurators itself, so the settings are read through MicroProfile Config's static API, once.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {

    private static final Logger LOG = Logger.getLogger(OriginCheck.class.getName());
    /** Each refused origin is logged once (at most this many), so a hostile page cannot flood the log. */
    private static final int LOGGED_AT_MOST = 100;

    private volatile AllowedOrigins allowed;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    @Override
    public boolean checkOrigin(String origin) {
        if (allowed().allows(origin)) {
            return true;
        }
        if (logged.size() < LOGGED_AT_MOST && logged.add(origin)) {
            LOG.warning(() -> "Refused a socket from a page of " + origin + ": not in parley.allowed-origins");
        }
        return false;
    }

    private AllowedOrigins allowed() {
        AllowedOrigins current = allowed;
        if (current == null) {
            Config config = ConfigProvider.getConfig(OriginCheck.class.getClassLoader());
            current = AllowedOrigins.from(config.getOptionalValue("parley.allowed-origins", String.class),
                    config.getOptionalValue("parley.public-url", String.class));
            allowed = current;
        }
        return current;
    }
}
