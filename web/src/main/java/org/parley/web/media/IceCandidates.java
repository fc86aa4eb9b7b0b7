package org.parley.web.media;

import java.util.Optional;
import org.parley.media.spi.IceCandidate;

/** Converts between SDP candidate lines (RFC 8839) and the SPI's neutral candidates. */
final class IceCandidates {

    private IceCandidates() {
    }

    /**
     * Reads {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...}, with or
     * without the {@code candidate:} prefix. Empty for what the server cannot use (RTCP component, TCP, malformed).
     */
    static Optional<IceCandidate> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String text = line.startsWith("a=") ? line.substring(2) : line;
        text = text.startsWith("candidate:") ? text.substring("candidate:".length()) : text;
        String[] f = text.trim().split("\\s+");
        if (f.length < 8 || !f[6].equals("typ") || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp")) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(f[5]);
            long priority = Long.parseLong(f[3]);
            if (port <= 0 || port > 65535 || priority < 0) {
                return Optional.empty();
            }
            return Optional.of(new IceCandidate(f[0], priority, "udp", f[4], port, f[7]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String format(IceCandidate c) {
        return c.foundation() + " 1 " + c.protocol() + " " + c.priority() + " " + c.address() + " " + c.port()
                + " typ " + c.type() + (c.tcpType() != null ? " tcptype " + c.tcpType() : "") + " generation 0";
    }
}
