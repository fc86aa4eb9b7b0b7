package org.parley.media.spi;

import java.util.Optional;

/**
 * How a backend binds and advertises itself.
 *
 * @param bindAddress   the local address to receive media on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port          the one UDP port shared by every participant
 * @param publicAddress an address to advertise instead of/in addition to local ones, for 1:1 NAT
 */
public record MediaSettings(String bindAddress, int port, Optional<String> publicAddress) {
    public MediaSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UDP port out of range: " + port);
        }
    }
}
