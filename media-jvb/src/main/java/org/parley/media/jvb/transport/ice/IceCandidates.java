package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.media.spi.IceCandidate;

/**
 * The server's candidates. An ICE-lite agent has host candidates only (RFC 8445 §5.1.1.1): one per bound address,
 * and the public address of a 1:1 NAT as one more, first in priority, since it is the one browsers elsewhere reach.
 */
public final class IceCandidates {

    private static final int HOST_TYPE_PREFERENCE = 126;

    private IceCandidates() {}

    static List<IceCandidate> of(List<InetSocketAddress> bound, Optional<InetAddress> publicAddress) {
        List<IceCandidate> candidates = new ArrayList<>();
        int localPreference = 65535;
        if (publicAddress.isPresent()) {
            candidates.add(host(candidates.size() + 1, localPreference--, publicAddress.get(), bound.get(0).getPort()));
        }
        for (InetSocketAddress address : bound) {
            candidates.add(host(candidates.size() + 1, localPreference--, address.getAddress(), address.getPort()));
        }
        return List.copyOf(candidates);
    }

    private static IceCandidate host(int foundation, int localPreference, InetAddress address, int port) {
        long priority = ((long) HOST_TYPE_PREFERENCE << 24) | ((long) localPreference << 8) | 255; // component 1
        return new IceCandidate(Integer.toString(foundation), priority, "udp", address.getHostAddress(), port, "host");
    }
}
