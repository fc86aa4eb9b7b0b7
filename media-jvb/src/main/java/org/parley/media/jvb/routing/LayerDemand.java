package org.parley.media.jvb.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The highest layer anyone in a room watches of each simulcast producer, told when it changes: at once when it rises
 * (someone's link or view wants more), after {@link #LOWER_AFTER_NANOS} of staying lower when it falls, so that an
 * estimate moving up and down around a layer does not toggle the publisher's encoder. Before anything was told, every
 * layer counts as watched. The router's delayer thread only.
 */
final class LayerDemand {

    static final long LOWER_AFTER_NANOS = 5_000_000_000L;

    private record Told(int layer, long lowerSinceNanos) {}

    private final Map<JvbProducer, Told> told = new HashMap<>();
    private final BiConsumer<JvbProducer, Integer> listener;

    LayerDemand(BiConsumer<JvbProducer, Integer> listener) {
        this.listener = listener;
    }

    /** One look at every transport's simulcast producers and who consumes them. */
    void update(Iterable<JvbWebRtcTransport> transports, long nowNanos) {
        Set<JvbProducer> seen = new HashSet<>();
        for (JvbWebRtcTransport transport : transports) {
            for (JvbProducer producer : transport.producersNow()) {
                if (producer.layerCount() > 1 && !producer.isClosed()) {
                    seen.add(producer);
                    update(producer, watched(producer), nowNanos);
                }
            }
        }
        told.keySet().retainAll(seen);
    }

    private void update(JvbProducer producer, int watched, long nowNanos) {
        int top = producer.layerCount() - 1;
        Told before = told.getOrDefault(producer, new Told(top, -1));
        if (watched > before.layer()) {
            tell(producer, watched);
        } else if (watched == before.layer()) {
            told.put(producer, new Told(watched, -1));
        } else if (before.lowerSinceNanos() < 0) {
            told.put(producer, new Told(before.layer(), nowNanos));
        } else if (nowNanos - before.lowerSinceNanos() >= LOWER_AFTER_NANOS) {
            tell(producer, watched);
        }
    }

    private void tell(JvbProducer producer, int layer) {
        told.put(producer, new Told(layer, -1));
        listener.accept(producer, layer);
    }

    /** The highest layer a connected consumer of {@code producer} may get now; 0 when none watches. */
    private static int watched(JvbProducer producer) {
        int highest = 0;
        for (JvbConsumer consumer : producer.consumersNow()) {
            if (consumer.transport().isConnected()) {
                highest = Math.max(highest, Math.min(consumer.maxLayer(), producer.layerCount() - 1));
            }
        }
        return highest;
    }
}
