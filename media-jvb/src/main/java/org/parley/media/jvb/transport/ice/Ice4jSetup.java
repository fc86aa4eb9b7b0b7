package org.parley.media.jvb.transport.ice;

import java.io.IOException;
import java.net.InetAddress;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/** Process-wide ice4j settings that must be in place before the first harvester or agent exists. */
final class Ice4jSetup {

    private static final String AWS_MAPPING = "ice4j.harvest.mapping.aws.enabled";

    private Ice4jSetup() {}

    static void prepare() throws IOException {
        // ice4j caches its config when the first harvester is built; without this the first Agent probes the
        // cloud metadata address over HTTP. An explicit -D setting wins.
        if (System.getProperty(AWS_MAPPING) == null) {
            System.setProperty(AWS_MAPPING, "false");
        }
        // Without it Component.setBufferCallback never fires.
        AbstractUdpListener.USE_PUSH_API = true;
        ReceiveBufferPool.install();
        // Loads what closing needs now: at shutdown the class loader may already be gone ("zip file closed").
        new SinglePortUdpHarvester(new TransportAddress(InetAddress.getLoopbackAddress(), 0, Transport.UDP)).close();
    }
}
