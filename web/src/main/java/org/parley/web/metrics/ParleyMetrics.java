package org.parley.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.parley.media.spi.MediaStats;
import org.parley.web.cluster.ClusterNode;
import org.parley.web.media.LocalMediaNode;
import org.parley.web.media.MediaBackendService;
import org.parley.web.signalling.ConnectionProbes;
import org.parley.web.signalling.SignallingService;
import org.parley.web.signalling.SocketOverflows;
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
    private final Instance<LocalMediaNode> localMedia;
    private final SignallingService signalling;
    private final ConnectionProbes probes;
    private final SocketOverflows overflows;
    private final Webhooks webhooks;

    protected ParleyMetrics() {
        this.registry = null; // for CDI proxies only
        this.node = null;
        this.media = null;
        this.localMedia = null;
        this.signalling = null;
        this.probes = null;
        this.overflows = null;
        this.webhooks = null;
    }

    @Inject
    public ParleyMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry,
                         ClusterNode node, Instance<MediaBackendService> media, Instance<LocalMediaNode> localMedia,
                         SignallingService signalling, ConnectionProbes probes, SocketOverflows overflows,
                         Webhooks webhooks) {
        this.registry = registry;
        this.node = node;
        this.media = media;
        this.localMedia = localMedia;
        this.signalling = signalling;
        this.probes = probes;
        this.overflows = overflows;
        this.webhooks = webhooks;
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        gauge("parley_signalling_members", "participants whose signalling socket is connected to this process",
                () -> signalling.connectedCount());
        gauge("parley_connection_tests", "\"test my connection\" media connections running now", probes::running);
        gauge("parley_signalling_overflows", "sockets closed because their browser fell too far behind in reading "
                + "(close code 1013; counter)", overflows::count);
        gauge("parley_webhooks_delivered", "webhook events a receiver answered 2xx to (counter)", webhooks::delivered);
        gauge("parley_webhooks_failed", "webhook events given up after every attempt failed (counter)", webhooks::failed);
        gauge("parley_webhooks_dropped", "webhook events dropped because a URL's queue was full (counter)",
                webhooks::dropped);
        if (!node.settings().media()) {
            return;
        }
        // A histogram of milliseconds, not a timer: Payara 6's Prometheus output gives a timer's quantiles in
        // nanoseconds beside its sum and maximum in seconds.
        Histogram joins = registry.histogram(Metadata.builder().withName("parley_join_media_milliseconds")
                .withDescription("from a participant's media opening at the join to ICE and DTLS done, per participant")
                .build());
        localMedia.get().connectTimes().onEach(took -> joins.update(took.toMillis()));
        media("parley_media_rooms", "rooms with media on this node now", MediaStats::rooms);
        media("parley_media_connections", "participants' media connections open now", MediaStats::transports);
        media("parley_media_published_tracks", "tracks published now (microphones, cameras, screens)",
                MediaStats::publishing);
        media("parley_media_forwarded_tracks", "tracks forwarded to subscribers now", MediaStats::forwarding);
        media("parley_media_srtp_contexts", "per-stream SRTP and SRTCP contexts the media connections hold now",
                MediaStats::srtpContexts);
        media("parley_media_received_packets", "RTP and RTCP packets received (counter)",
                stats -> stats.traffic().packetsReceived());
        media("parley_media_received_bytes", "bytes of media received, decrypted (counter)",
                stats -> stats.traffic().bytesReceived());
        media("parley_media_sent_packets", "RTP and RTCP packets sent (counter)", stats -> stats.traffic().packetsSent());
        media("parley_media_sent_bytes", "bytes of media sent, before encryption (counter)",
                stats -> stats.traffic().bytesSent());
        media("parley_media_failed_connections", "media connections that failed: ICE or DTLS did not complete, or "
                + "consent expired (counter)", MediaStats::transportsFailed);
        media("parley_media_ice_failures", "media connections whose ICE did not complete or whose consent expired "
                + "(counter)", stats -> stats.traffic().iceFailures());
        media("parley_media_dtls_failures", "media connections whose DTLS handshake failed (counter)",
                stats -> stats.traffic().dtlsFailures());
        media("parley_media_read_faults", "packets whose handling failed on the threads reading the media ports, and "
                + "readers started again after a JVM error (counter; each is logged)", stats -> stats.traffic().readFaults());
        media("parley_media_publisher_lost_packets", "packets found missing on publishers' links (counter)",
                stats -> stats.repair().publisherLosses());
        media("parley_media_subscriber_lost_packets", "packets subscribers reported missing, NACKed (counter)",
                stats -> stats.repair().subscriberLosses());
        media("parley_media_retransmissions", "packets resent to subscribers from the server's cache (counter)",
                stats -> stats.repair().retransmissions());
        media("parley_media_key_frame_requests", "key frame requests sent to publishers, after merging (counter)",
                stats -> stats.repair().keyFrameRequests());
    }

    private void media(String name, String description, ToLongFunction<MediaStats> value) {
        gauge(name, description, () -> value.applyAsLong(media.get().backend().stats()));
    }

    private void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                () -> value.get().longValue());
    }
}
