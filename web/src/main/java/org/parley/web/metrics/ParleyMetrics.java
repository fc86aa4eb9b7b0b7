package org.parley.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.parley.media.spi.MediaStats;
import org.parley.web.cluster.ClusterNode;
import org.parley.web.media.MediaBackendService;
import org.parley.web.signalling.ConnectionProbes;
import org.parley.web.signalling.SignallingService;
import org.parley.web.webhook.Webhooks;

/**
 * Parley's metrics on Payara's {@code /metrics} (MicroProfile Metrics, Prometheus format), per process: members
 * connected, connection tests running, webhook events delivered, given up and dropped, and, on a media node, rooms,
 * connections, packets and bytes each way and failed connections. Counters only grow (a restart starts them over);
 * gauges are now. Read when scraped, never on the media path.
 */
@ApplicationScoped
public class ParleyMetrics {

    private final MetricRegistry registry;
    private final ClusterNode node;
    private final Instance<MediaBackendService> media;
    private final SignallingService signalling;
    private final ConnectionProbes probes;
    private final Webhooks webhooks;

    protected ParleyMetrics() {
        this.registry = null; // for CDI proxies only
        this.node = null;
        this.media = null;
        this.signalling = null;
        this.probes = null;
        this.webhooks = null;
    }

    @Inject
    public ParleyMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry,
                         ClusterNode node, Instance<MediaBackendService> media, SignallingService signalling,
                         ConnectionProbes probes, Webhooks webhooks) {
        this.registry = registry;
        this.node = node;
        this.media = media;
        this.signalling = signalling;
        this.probes = probes;
        this.webhooks = webhooks;
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        gauge("parley_signalling_members", "participants whose signalling socket is connected to this process",
                () -> signalling.connectedCount());
        gauge("parley_connection_tests", "\"test my connection\" media connections running now", probes::running);
        gauge("parley_webhooks_delivered", "webhook events a receiver answered 2xx to (counter)", webhooks::delivered);
        gauge("parley_webhooks_failed", "webhook events given up after every attempt failed (counter)", webhooks::failed);
        gauge("parley_webhooks_dropped", "webhook events dropped because a URL's queue was full (counter)",
                webhooks::dropped);
        if (!node.settings().media()) {
            return;
        }
        media("parley_media_rooms", "rooms with media on this node now", MediaStats::rooms);
        media("parley_media_connections", "participants' media connections open now", MediaStats::transports);
        media("parley_media_received_packets", "RTP and RTCP packets received (counter)", MediaStats::packetsReceived);
        media("parley_media_received_bytes", "bytes of media received, decrypted (counter)", MediaStats::bytesReceived);
        media("parley_media_sent_packets", "RTP and RTCP packets sent (counter)", MediaStats::packetsSent);
        media("parley_media_sent_bytes", "bytes of media sent, before encryption (counter)", MediaStats::bytesSent);
        media("parley_media_failed_connections", "media connections that failed: ICE or DTLS did not complete, or "
                + "consent expired (counter)", MediaStats::transportsFailed);
    }

    private void media(String name, String description, ToLongFunction<MediaStats> value) {
        gauge(name, description, () -> value.applyAsLong(media.get().backend().stats()));
    }

    private void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                () -> value.get().longValue());
    }
}
