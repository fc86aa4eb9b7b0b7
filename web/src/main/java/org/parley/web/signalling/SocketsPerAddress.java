package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * At most {@code parley.signalling.sockets-per-address} open signalling sockets per remote
 * address (default 200: an office behind one NAT joins a town hall), so one machine cannot hold thousands of sockets
 * open. Counted while open; an address with none left is forgotten.
 */
@ApplicationScoped
public class SocketsPerAddress {

    private final int limit;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    protected SocketsPerAddress() {
        this.limit = 0; // for CDI proxies only
    }

    @Inject
    public SocketsPerAddress(@ConfigProperty(name = "parley.signalling.sockets-per-address", defaultValue = "200")
                             int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("parley.signalling.sockets-per-address must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** The socket's remote address as Payara's WebSocket implementation (Tyrus) knows it; null elsewhere. */
    static String addressOf(Session session) {
        return session instanceof TyrusSession tyrus ? tyrus.getRemoteAddr() : null;
    }

    /** Counts a new socket from {@code address}; false (nothing counted) when the address has its limit open. */
    boolean admit(String address) {
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** An admitted socket from {@code address} closed. */
    void release(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    int openFrom(String address) {
        return open.getOrDefault(address, 0);
    }
}
