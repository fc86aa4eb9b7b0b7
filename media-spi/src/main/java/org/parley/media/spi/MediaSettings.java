package org.parley.media.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backend binds and advertises itself.
 *
 * <p>Ports: {@code portMin == portMax} means one UDP port shared by every participant (0 = any free port, chosen
 * once at start); {@code portMin < portMax} means each participant's transport gets a port of its own from that
 * range, released when the transport closes.
 *
 * @param bindAddresses where to receive media: IP literals or network interface names (e.g. {@code lo},
 *                      {@code eth0}); empty, {@code 0.0.0.0} or {@code ::} means every usable address
 * @param portMin       the lowest UDP port to use (the port itself when not a range)
 * @param portMax       the highest UDP port to use
 * @param publicAddress  an IP to advertise in addition to the local ones, for 1:1 NAT (the same port is assumed)
 * @param receiveThreads how many threads read the shared port on each address; 0 for one per core
 * @param iceTcp        passive ICE-TCP candidates (RFC 6544) on one TCP port, for networks that block UDP; empty: none
 */
public record MediaSettings(List<String> bindAddresses, int portMin, int portMax, Optional<String> publicAddress,
                            int receiveThreads, Optional<IceTcp> iceTcp) {

    /**
     * ICE over TCP: one listening port shared by every participant, on the same addresses as UDP.
     *
     * @param port           the TCP port (0: any free one, chosen at start)
     * @param typePreference the candidates' type preference (RFC 8445 §5.1.2.1, 0-126); below UDP's 126 so that
     *                       browsers take UDP where it works and TCP only where it does not
     */
    public record IceTcp(int port, int typePreference) {

        public static final int DEFAULT_TYPE_PREFERENCE = 90;

        public IceTcp {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ICE-TCP port out of range (0-65535): " + port);
            }
            if (typePreference < 0 || typePreference > 126) {
                throw new IllegalArgumentException("ICE-TCP type preference must be 0-126: " + typePreference);
            }
        }

        public IceTcp(int port) {
            this(port, DEFAULT_TYPE_PREFERENCE);
        }
    }

    public MediaSettings {
        bindAddresses = bindAddresses.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        Objects.requireNonNull(publicAddress, "publicAddress");
        publicAddress = publicAddress.map(String::trim).filter(s -> !s.isEmpty());
        if (portMin < 0 || portMin > 65535 || portMax < 0 || portMax > 65535) {
            throw new IllegalArgumentException("UDP port out of range (0-65535): " + portMin
                    + (portMin == portMax ? "" : "-" + portMax));
        }
        if (portMin > portMax) {
            throw new IllegalArgumentException("UDP port range is empty: " + portMin + "-" + portMax);
        }
        if (portMin == 0 && portMax != 0) {
            throw new IllegalArgumentException("A UDP port range must start above 0: " + portMin + "-" + portMax);
        }
        if (receiveThreads < 0 || receiveThreads > 64) {
            throw new IllegalArgumentException("Media receive threads must be 0 (one per core) to 64: " + receiveThreads);
        }
        if (receiveThreads == 0) {
            receiveThreads = Runtime.getRuntime().availableProcessors();
        }
        Objects.requireNonNull(iceTcp, "iceTcp");
    }

    /** UDP only. */
    public MediaSettings(List<String> bindAddresses, int portMin, int portMax, Optional<String> publicAddress,
                         int receiveThreads) {
        this(bindAddresses, portMin, portMax, publicAddress, receiveThreads, Optional.empty());
    }

    /** The same settings with passive ICE-TCP candidates on {@code tcp}. */
    public MediaSettings withIceTcp(IceTcp tcp) {
        return new MediaSettings(bindAddresses, portMin, portMax, publicAddress, receiveThreads, Optional.of(tcp));
    }

    /** One receive thread per core. */
    public MediaSettings(List<String> bindAddresses, int portMin, int portMax, Optional<String> publicAddress) {
        this(bindAddresses, portMin, portMax, publicAddress, 0);
    }

    /** One shared UDP port on one address (a literal or an interface name). */
    public MediaSettings(String bindAddress, int port, Optional<String> publicAddress) {
        this(List.of(bindAddress), port, port, publicAddress);
    }

    /** Whether each transport gets its own port from {@code portMin..portMax}. */
    public boolean usesPortRange() {
        return portMin != portMax;
    }

    /** The shared port when not a range. */
    public int port() {
        return portMin;
    }

    /** For messages: {@code 10000} or {@code 40000-40099}. */
    public String portDescription() {
        return usesPortRange() ? portMin + "-" + portMax : String.valueOf(portMin);
    }
}
