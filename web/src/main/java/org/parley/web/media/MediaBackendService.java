package org.parley.web.media;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.media.spi.MediaBackend;
import org.parley.media.spi.MediaBackendProvider;
import org.parley.media.spi.MediaBackends;
import org.parley.media.spi.MediaSettings;

/**
 * Starts the configured media backend and closes it on shutdown (so a redeploy finds the port free). Processes with
 * the media role create it at start-up (so its UDP port is bound before anyone joins); signalling-only ones never.
 */
@ApplicationScoped
public class MediaBackendService {

    private static final Logger LOG = Logger.getLogger(MediaBackendService.class.getName());

    private MediaBackend backend;

    protected MediaBackendService() {
        // for CDI proxies
    }

    /**
     * @param bindAddress comma-separated IP addresses and/or interface names ({@code 0.0.0.0}: all)
     * @param port        the one UDP port shared by all participants, unless a range is configured
     * @param portMin     with {@code portMax}: each participant gets its own port from this range instead
     * @param receiveThreads threads reading the shared port on each address (0: one per core)
     * @param tcpPort     the ICE-TCP port: a number, {@code off}, or empty for the shared UDP port's number (off with a
     *                    port range)
     * @param tcpPreference the ICE-TCP candidates' type preference (0-126; UDP host candidates have 126)
     */
    @Inject
    public MediaBackendService(
            @ConfigProperty(name = "parley.media.backend", defaultValue = " ") String backendName,
            @ConfigProperty(name = "parley.media.bind-address", defaultValue = "0.0.0.0") String bindAddress,
            @ConfigProperty(name = "parley.media.port", defaultValue = "10000") int port,
            @ConfigProperty(name = "parley.media.port-min") Optional<Integer> portMin,
            @ConfigProperty(name = "parley.media.port-max") Optional<Integer> portMax,
            @ConfigProperty(name = "parley.media.public-address") Optional<String> publicAddress,
            @ConfigProperty(name = "parley.media.receive-threads", defaultValue = "0") int receiveThreads,
            @ConfigProperty(name = "parley.media.tcp-port", defaultValue = " ") String tcpPort,
            @ConfigProperty(name = "parley.media.tcp-preference", defaultValue = "90") int tcpPreference) {
        MediaBackendProvider provider = MediaBackends.find(backendName.trim(), Thread.currentThread().getContextClassLoader());
        MediaSettings settings = withIceTcp(settings(bindAddress, port, portMin, portMax, publicAddress, receiveThreads),
                tcpPort, tcpPreference);
        this.backend = provider.start(settings);
        LOG.info(() -> "Media backend '" + provider.name() + "' receiving on UDP "
                + (settings.usesPortRange() ? "ports " : "port ") + settings.portDescription() + " of "
                + String.join(",", settings.bindAddresses())
                + settings.iceTcp().map(t -> ", ICE-TCP on TCP port " + t.port()).orElse(", no ICE-TCP")
                + settings.publicAddress().map(a -> ", advertising " + a).orElse(""));
    }

    /** ICE-TCP as configured: {@code off}, a port, or (empty) the shared UDP port's number. */
    static MediaSettings withIceTcp(MediaSettings settings, String tcpPort, int tcpPreference) {
        String value = tcpPort.trim();
        if (value.equalsIgnoreCase("off") || (value.isEmpty() && settings.usesPortRange())) {
            return settings;
        }
        int port;
        try {
            port = value.isEmpty() ? settings.port() : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parley.media.tcp-port (PARLEY_MEDIA_TCP_PORT) must be a TCP port "
                    + "number or 'off': " + value);
        }
        try {
            return settings.withIceTcp(new MediaSettings.IceTcp(port, tcpPreference));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (PARLEY_MEDIA_TCP_PORT, PARLEY_MEDIA_TCP_PREFERENCE)", e);
        }
    }

    /** The settings the configuration describes; a half-configured range is an error naming what is missing. */
    static MediaSettings settings(String bindAddress, int port, Optional<Integer> portMin, Optional<Integer> portMax,
            Optional<String> publicAddress, int receiveThreads) {
        List<String> addresses = Arrays.stream(bindAddress.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                .toList();
        if (portMin.isPresent() != portMax.isPresent()) {
            throw new IllegalArgumentException("Set both parley.media.port-min and parley.media.port-max "
                    + "(PARLEY_MEDIA_PORT_MIN, PARLEY_MEDIA_PORT_MAX) for a port range, or neither to use "
                    + "parley.media.port");
        }
        if (portMin.isPresent()) {
            if (portMin.get() < 1 || portMin.get() >= portMax.get()) {
                throw new IllegalArgumentException("parley.media.port-min must be at least 1 and below "
                        + "parley.media.port-max: " + portMin.get() + "-" + portMax.get());
            }
            return new MediaSettings(addresses, portMin.get(), portMax.get(), publicAddress, receiveThreads);
        }
        return new MediaSettings(addresses, port, port, publicAddress, receiveThreads);
    }

    public MediaBackend backend() {
        return backend;
    }

    @PreDestroy
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }
}
