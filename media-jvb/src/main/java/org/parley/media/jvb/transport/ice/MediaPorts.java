package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.ice4j.ice.Agent;
import org.parley.media.spi.MediaSettings;

/**
 * Where transports receive: one UDP port shared by all (ice4j demultiplexes by ICE ufrag) or a port per transport
 * from a range. Either way it gives each new ICE agent its local candidates, public address mapping included.
 */
public interface MediaPorts extends AutoCloseable {

    /** What {@link #attach} reserved for one agent; {@link #close} releases it (after the agent is freed). */
    @FunctionalInterface
    interface Lease extends AutoCloseable {
        @Override
        void close();

        /**
         * The bound socket behind a local host address of this agent, so media can be sent on it directly once ICE
         * selected a pair (ice4j's {@code Component.send} looks the pair and socket up again for every packet);
         * null when unknown, and then ice4j sends.
         */
        default DatagramSocket socketAt(InetSocketAddress local) {
            return null;
        }
    }

    /** Opens the port (or checks the range) the settings name; nothing stays bound when this throws. */
    static MediaPorts open(MediaSettings settings) throws IOException {
        return settings.usesPortRange() ? UdpPortRange.open(settings) : SharedUdpPort.open(settings);
    }

    /**
     * Adds the harvesters for one new agent, before it creates its component.
     *
     * @throws IOException when no port is left (range), naming the range
     */
    Lease attach(Agent agent) throws IOException;

    /**
     * True when received packets reach {@code Component.setBufferCallback} (the shared port's push API); false when
     * the transport must read the component socket itself (its own sockets).
     */
    boolean pushesPackets();

    /** The shared UDP port, or 0 when each transport has its own. */
    int sharedPort();

    /** Closes the shared socket(s); the port is free again when this returns. */
    @Override
    void close();
}
