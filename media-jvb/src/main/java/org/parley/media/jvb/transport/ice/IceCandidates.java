package org.parley.media.jvb.transport.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.media.spi.IceCandidate;

/**
 * The server's candidates. An ICE-lite agent has host candidates only (RFC 8445 §5.1.1.1): one per bound address,
 * and the public address of a 1:1 NAT as one more, first in priority, since it is the one browsers elsewhere reach;
 * the same again for ICE-TCP when it is on.
 */
public final class IceCandidates {

    private static final int HOST_TYPE_PREFERENCE = 126;
    private static final int PASSIVE_DIRECTION_PREFERENCE = 4;

    private IceCandidates() {}

    static List<IceCandidate> of(List<InetSocketAddress> bound, Optional<InetAddress> publicAddress) {
        List<IceCandidate> candidates = new ArrayList<>();
        int localPreference = 65535;
        if (publicAddress.isPresent()) {
            candidates.add(udp(candidates.size() + 1, localPreference--, publicAddress.get(), bound.get(0).getPort()));
        }
        for (InetSocketAddress address : bound) {
            candidates.add(udp(candidates.size() + 1, localPreference--, address.getAddress(), address.getPort()));
        }
        return List.copyOf(candidates);
    }

    /**
     * {@code udp} followed by passive TCP host candidates (RFC 6544 §4.2: the local preference puts the direction
     * first, passive = 4 for host candidates) with the configured type preference, below UDP's so UDP wins where it
     * works.
     */
    static List<IceCandidate> withTcp(List<IceCandidate> udp, List<InetSocketAddress> listening,
                                      Optional<InetAddress> publicAddress, int typePreference) {
        List<IceCandidate> candidates = new ArrayList<>(udp);
        int otherPreference = 8191;
        if (publicAddress.isPresent()) {
            candidates.add(tcp(candidates.size() + 1, typePreference, otherPreference--, publicAddress.get(),
                    listening.get(0).getPort()));
        }
        for (InetSocketAddress address : listening) {
            candidates.add(tcp(candidates.size() + 1, typePreference, otherPreference--, address.getAddress(),
                    address.getPort()));
        }
        return List.copyOf(candidates);
    }

    private static IceCandidate udp(int foundation, int localPreference, InetAddress address, int port) {
        return new IceCandidate(Integer.toString(foundation), priority(HOST_TYPE_PREFERENCE, localPreference), "udp",
                address.getHostAddress(), port, "host");
    }

    private static IceCandidate tcp(int foundation, int typePreference, int otherPreference, InetAddress address,
                                    int port) {
        int localPreference = (PASSIVE_DIRECTION_PREFERENCE << 13) | otherPreference;
        return new IceCandidate(Integer.toString(foundation), priority(typePreference, localPreference), "tcp",
                address.getHostAddress(), port, "host", "passive");
    }

    private static long priority(int typePreference, int localPreference) {
        return ((long) typePreference << 24) | ((long) localPreference << 8) | 255; // component 1
    }
}
