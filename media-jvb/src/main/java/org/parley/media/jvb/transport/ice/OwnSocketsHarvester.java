package org.parley.media.jvb.transport.ice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Host candidates on sockets already bound for one agent (a port from the range). ice4j's own dynamic-port
 * harvester would ignore the configured bind list and skip loopback.
 */
final class OwnSocketsHarvester implements CandidateHarvester {

    private final List<MultiplexingDatagramSocket> sockets;
    private final HarvestStatistics statistics = new HarvestStatistics();

    OwnSocketsHarvester(List<MultiplexingDatagramSocket> sockets) {
        this.sockets = sockets;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> candidates = new ArrayList<>();
        for (MultiplexingDatagramSocket socket : sockets) {
            HostCandidate candidate = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            ComponentSocket componentSocket = component.getComponentSocket();
            if (componentSocket != null) {
                componentSocket.add(socket);
            }
            candidates.add(candidate);
        }
        return candidates;
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
