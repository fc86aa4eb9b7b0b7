package org.parley.media.jvb.transport.ice;

import java.lang.reflect.Field;
import java.net.DatagramSocket;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.socket.SocketPool;

/**
 * The socket behind an ice4j single-port harvester, which ice4j keeps private. Sending media on it directly saves the
 * pair and socket look-ups (and their garbage) that {@code Component.send} repeats for every packet: the largest
 * cost of the fan-out after encryption. Read once per port; null if this ice4j version hides it differently, and
 * then ice4j sends as before.
 */
final class Ice4jSockets {

    private static final System.Logger LOG = System.getLogger(Ice4jSockets.class.getName());

    private Ice4jSockets() {}

    static DatagramSocket socketOf(AbstractUdpListener listener) {
        try {
            Field pool = AbstractUdpListener.class.getDeclaredField("socketPool");
            pool.setAccessible(true);
            return ((SocketPool) pool.get(listener)).getReceiveSocket();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Media will be sent through ice4j's Component.send: " + e);
            return null;
        }
    }
}
