package org.parley.bench.run;

import java.util.Collection;
import java.util.function.ToLongFunction;
import org.parley.bench.peer.Peer;

/**
 * Where the time from starting to join to the first media packet goes, each phase as the median over the receivers,
 * in ms from the start: the server's SDP received (signalling), ICE done, DTLS done, first media. NaN where a system's
 * join did not reach the phase or no receiver did.
 */
public record JoinPhases(double sdpMillis, double iceMillis, double dtlsMillis, double mediaMillis) {

    public static final JoinPhases NONE = new JoinPhases(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static JoinPhases of(Collection<Peer> receivers) {
        return new JoinPhases(median(receivers, p -> p.answeredNanos), median(receivers, p -> p.iceDoneNanos),
                median(receivers, p -> p.dtlsDoneNanos), median(receivers, p -> p.firstMediaNanos));
    }

    private static double median(Collection<Peer> receivers, ToLongFunction<Peer> phase) {
        double[] millis = receivers.stream().filter(p -> phase.applyAsLong(p) != 0)
                .mapToDouble(p -> (phase.applyAsLong(p) - p.joinStartNanos) / 1e6).sorted().toArray();
        return millis.length == 0 ? Double.NaN : millis[(millis.length - 1) / 2];
    }
}
