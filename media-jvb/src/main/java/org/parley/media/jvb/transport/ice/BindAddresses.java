package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the configured bind list (IP literals, interface names, or nothing/a wildcard for "all") into the local
 * addresses media is received on. Names are never resolved through DNS: a word that is not an interface is an error.
 */
public final class BindAddresses {

    /**
     * One address to receive on.
     *
     * @param required configured as a literal: failing to bind it is an error; addresses found through a wildcard or
     *                 an interface name may be skipped when they cannot take the port (e.g. IPv6 disabled)
     */
    public record BindAddress(InetAddress address, boolean required) {}

    private BindAddresses() {}

    /**
     * @return the addresses, in configuration order, without duplicates
     * @throws IllegalArgumentException for an entry that is neither an IP literal nor an interface with a usable address
     */
    public static List<BindAddress> resolve(List<String> configured) {
        Map<InetAddress, Boolean> addresses = new LinkedHashMap<>();
        if (configured.isEmpty()) {
            everyUsableAddress().forEach(a -> addresses.put(a, false));
        }
        for (String entry : configured) {
            if (isWildcard(entry)) {
                everyUsableAddress().forEach(a -> addresses.putIfAbsent(a, false));
                continue;
            }
            Optional<InetAddress> literal = IpLiterals.parse(entry);
            if (literal.isPresent()) {
                addresses.put(literal.get(), true);
            } else {
                interfaceAddresses(entry).forEach(a -> addresses.putIfAbsent(a, false));
            }
        }
        return addresses.entrySet().stream().map(e -> new BindAddress(e.getKey(), e.getValue())).toList();
    }

    /**
     * 127.0.0.1 (local browsers and tests use it), then every address of every interface that is up, except loopback
     * and link-local ones (they need a scope id and never reach a browser on another host).
     */
    private static Set<InetAddress> everyUsableAddress() {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        addresses.add(InetAddress.getLoopbackAddress());
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Collections.list(nic.getInetAddresses()).stream()
                            .filter(a -> !a.isLinkLocalAddress() && !a.isLoopbackAddress())
                            .forEach(addresses::add);
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: loopback only
        }
        return addresses;
    }

    private static Set<InetAddress> interfaceAddresses(String name) {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            nic = null;
        }
        if (nic == null) {
            throw new IllegalArgumentException("Media bind address '" + name
                    + "' is neither an IP address nor a network interface of this host");
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (!address.isLinkLocalAddress()) {
                addresses.add(address);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("Network interface '" + name + "' has no usable address to bind media on");
        }
        return addresses;
    }

    private static boolean isWildcard(String entry) {
        return entry.equals("0.0.0.0") || entry.equals("::") || entry.equals("[::]") || entry.equals("*");
    }
}
