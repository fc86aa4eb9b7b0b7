package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.util.Optional;
import org.parley.media.spi.MediaSettings;

/** The configured 1:1 NAT: the public address browsers reach the media port at (the same port is assumed). */
final class PublicMapping {

    private PublicMapping() {}

    static Optional<InetAddress> parse(MediaSettings settings) {
        return settings.publicAddress().map(s -> IpLiterals.parse(s).orElseThrow(() -> new IllegalArgumentException(
                "Media public address must be an IP literal: " + s)));
    }
}
