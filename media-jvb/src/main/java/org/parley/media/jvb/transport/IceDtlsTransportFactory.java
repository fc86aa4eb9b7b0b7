package org.parley.media.jvb.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.jvb.transport.dtls.DtlsCertificate;
import org.parley.media.jvb.transport.ice.IceTcpPorts;
import org.parley.media.jvb.transport.ice.MediaPorts;
import org.parley.media.jvb.transport.ice.SharedUdpPort;
import org.parley.media.jvb.transport.ice.UdpMediaPort;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.MediaHealth;
import org.parley.media.spi.MediaStats;
import org.parley.media.spi.MediaSettings;

/**
 * Owns what all transports share: the UDP port (or port range) and the ICE-TCP port, with the public address
 * mapping, one self-signed ECDSA P-256 DTLS certificate, and small bounded executors for handshakes and timeouts.
 * Warms the SRTP and DTLS crypto up at start so the first meeting does not pay for class loading and jitsi-srtp's
 * cipher benchmark.
 */
public final class IceDtlsTransportFactory implements SecureTransportFactory {

    private static final System.Logger LOG = System.getLogger(IceDtlsTransportFactory.class.getName());

    public static final Duration DEFAULT_CONNECT_TIMEOUT = TransportTimeouts.DEFAULTS.connect();
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);
    private static final int HANDSHAKE_THREADS = 8;
    private static final int HANDSHAKE_QUEUE = 512;

    private final MediaPorts ports;
    private final DtlsCertificate certificate;
    private final ThreadPoolExecutor handshakes;
    private final ScheduledThreadPoolExecutor timers;
    private final TransportContext context;
    private final Set<IceDtlsTransport> open = ConcurrentHashMap.newKeySet();
    private final TrafficCounters traffic = new TrafficCounters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Duration> warmUp = new CompletableFuture<>();

    public IceDtlsTransportFactory(MediaSettings settings) {
        this(settings, DEFAULT_CONNECT_TIMEOUT);
    }

    /** @param connectTimeout how long ICE plus DTLS may take after {@code connect} before the transport fails */
    public IceDtlsTransportFactory(MediaSettings settings, Duration connectTimeout) {
        this(settings, TransportTimeouts.DEFAULTS.withConnect(connectTimeout));
    }

    public IceDtlsTransportFactory(MediaSettings settings, TransportTimeouts timeouts) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(timeouts, "timeouts");
        LibraryLogging.quiet();
        try {
            ports = MediaPorts.open(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the media UDP port " + settings.portDescription()
                    + settings.iceTcp().map(t -> " and ICE-TCP port " + t.port()).orElse("") + " on "
                    + describe(settings) + ": " + e.getMessage(), e);
        }
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        try {
            certificate = DtlsCertificate.generate(crypto, "parley", CERTIFICATE_VALIDITY);
        } catch (RuntimeException e) {
            ports.close();
            throw e;
        }
        handshakes = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDSHAKE_QUEUE), daemonThreads("parley-dtls"));
        handshakes.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("parley-transport-timer"));
        timers.setRemoveOnCancelPolicy(true);
        startWarmUp();
        context = new TransportContext(ports, crypto, certificate, handshakes, timers, timeouts, traffic, open::remove);
    }

    /** Synchronized with {@link #close} so no transport is created on a port being closed (control path only). */
    @Override
    public synchronized IceDtlsTransport create(String id, TransportHandler handler) {
        if (closed.get()) {
            throw new IllegalStateException("The transport factory is closed");
        }
        IceDtlsTransport transport = new IceDtlsTransport(id, handler, context);
        open.add(transport);
        return transport;
    }

    @Override
    public MediaHealth health(Duration stuckAfter) {
        if (closed.get()) {
            return MediaHealth.closed("the media ports are closed");
        }
        return ports.readerProblem(stuckAfter).map(MediaHealth::stuck).orElse(MediaHealth.HEALTHY);
    }

    @Override
    public int openCount() {
        return open.size();
    }

    @Override
    public int srtpContextCount() {
        int contexts = 0;
        for (IceDtlsTransport transport : open) {
            contexts += transport.streamStats().contexts();
        }
        return contexts;
    }

    @Override
    public MediaStats.Traffic traffic() {
        return traffic.snapshot(ports.readFaults());
    }

    /** The fingerprint every transport of this factory presents. */
    public DtlsFingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /** The shared UDP port actually bound (useful when the settings asked for port 0); 0 with a port range. */
    public int port() {
        return ports.sharedPort();
    }

    /** The ICE-TCP port listened on (useful when the settings asked for port 0); 0 when ICE-TCP is off. */
    public int tcpPort() {
        return ports instanceof IceTcpPorts withTcp ? withTcp.tcp().port() : 0;
    }

    /**
     * What the shared port let through and dropped (all zero with a port range, whose ports come and go with their
     * sessions).
     *
     * @param droppedStun       STUN that was not a well-formed binding request naming a session
     * @param droppedUnverified other datagrams from an address no binding request verified
     * @param verifiedAddresses addresses let through to DTLS and SRTP now
     */
    public record PortStats(long droppedStun, long droppedUnverified, int verifiedAddresses) {}

    public PortStats portStats() {
        MediaPorts udp = ports instanceof IceTcpPorts withTcp ? withTcp.udp() : ports;
        if (udp instanceof SharedUdpPort shared) {
            UdpMediaPort port = shared.port();
            return new PortStats(port.droppedStunCount(), port.droppedUnverifiedCount(), port.verifiedAddressCount());
        }
        return new PortStats(0, 0, 0);
    }

    /**
     * Completes with how long the crypto warm-up took. It runs in the background from start-up (about 1-1.5 s of one
     * core), so the first call does not pay for it after CONNECTED and the application does not wait for it either.
     */
    public CompletableFuture<Duration> warmUp() {
        return warmUp.copy();
    }

    private void startWarmUp() {
        Thread thread = new Thread(() -> {
            try {
                warmUp.complete(Duration.ofNanos(CryptoWarmUp.run()));
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "SRTP warm-up failed; the first call will be slower", e);
                warmUp.completeExceptionally(e);
            }
        }, "parley-crypto-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (IceDtlsTransport transport : Set.copyOf(open)) {
            transport.close();
        }
        ports.close();
        handshakes.shutdownNow();
        timers.shutdownNow();
    }

    private static String describe(MediaSettings settings) {
        return settings.bindAddresses().isEmpty() ? "all addresses" : String.join(",", settings.bindAddresses());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            return new MediaThread(runnable, prefix + "-" + count.incrementAndGet());
        };
    }
}
