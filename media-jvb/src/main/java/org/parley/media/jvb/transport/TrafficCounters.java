package org.parley.media.jvb.transport;

import java.util.concurrent.atomic.LongAdder;
import org.parley.media.spi.MediaStats;

/**
 * What every transport of one factory received, sent and how many failed, for metrics. Incremented on the packet path
 * from any thread (striped adders: no shared lock, no allocation once warm).
 */
final class TrafficCounters {

    final LongAdder packetsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder iceFailures = new LongAdder();
    final LongAdder dtlsFailures = new LongAdder();

    void received(int length) {
        packetsReceived.increment();
        bytesReceived.add(length);
    }

    void sent(int length) {
        packetsSent.increment();
        bytesSent.add(length);
    }

    MediaStats.Traffic snapshot(long readFaults) {
        return new MediaStats.Traffic(packetsReceived.sum(), bytesReceived.sum(), packetsSent.sum(), bytesSent.sum(),
                iceFailures.sum(), dtlsFailures.sum(), readFaults);
    }
}
