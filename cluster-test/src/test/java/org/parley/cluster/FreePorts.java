package org.parley.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes the tests start, free on loopback for both UDP and TCP (the media port takes both), and
 * below the kernel's ephemeral range. A port the OS hands out with {@code bind(0)} lies inside that range, and in the
 * tens of seconds before a server process binds it, any outgoing connection (a Redis client's, a browser's) may be
 * given it: a test once failed with "Address already in use" that way. Ports below the range are never handed out.
 */
final class FreePorts {

    private static final int LOWEST = 20_000;

    private FreePorts() {
    }

    /** A port that UDP and TCP can both bind on loopback now. */
    static int take() throws IOException {
        int below = ephemeralStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IOException("no port free for UDP and TCP between " + LOWEST + " and " + below + " after 200 tries");
    }

    private static boolean bindable(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket(port, loopback); ServerSocket tcp = new ServerSocket(port, 1, loopback)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the ephemeral range (Linux's default when it cannot be read). */
    private static int ephemeralStart() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Math.max(LOWEST + 1000, Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }
}
