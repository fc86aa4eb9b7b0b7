package org.parley.media.jvb.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.jvb.transport.dtls.DtlsCertificate;
import org.parley.media.jvb.transport.ice.SharedUdpPort;
import org.parley.media.spi.DtlsFingerprint;
import org.parley.media.spi.MediaSettings;

/**
 * Owns what all transports share: the one UDP port (ice4j single-port harvesters, plus the public address mapping),
 * one self-signed ECDSA P-256 DTLS certificate, and small bounded executors for handshakes and timeouts.
 */
public final class IceDtlsTransportFactory implements SecureTransportFactory {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);
    private static final int HANDSHAKE_THREADS = 8;
    private static final int HANDSHAKE_QUEUE = 512;

    private final SharedUdpPort port;
    private final DtlsCertificate certificate;
    private final ThreadPoolExecutor handshakes;
    private final ScheduledThreadPoolExecutor timers;
    private final TransportContext context;
    private final Set<IceDtlsTransport> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public IceDtlsTransportFactory(MediaSettings settings) {
        this(settings, DEFAULT_CONNECT_TIMEOUT);
    }

    /** @param connectTimeout how long ICE plus DTLS may take after {@code connect} before the transport fails */
    public IceDtlsTransportFactory(MediaSettings settings, Duration connectTimeout) {
        Objects.requireNonNull(settings, "settings");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        try {
            port = SharedUdpPort.open(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the media UDP port " + settings.port() + " on "
                    + settings.bindAddress() + ": " + e.getMessage(), e);
        }
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        try {
            certificate = DtlsCertificate.generate(crypto, "parley", CERTIFICATE_VALIDITY);
        } catch (RuntimeException e) {
            port.close();
            throw e;
        }
        handshakes = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDSHAKE_QUEUE), daemonThreads("parley-dtls"));
        handshakes.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("parley-transport-timer"));
        timers.setRemoveOnCancelPolicy(true);
        context = new TransportContext(port, crypto, certificate, handshakes, timers, connectTimeout,
                HANDSHAKE_TIMEOUT, open::remove);
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

    /** The fingerprint every transport of this factory presents. */
    public DtlsFingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /** The UDP port actually bound (useful when the settings asked for port 0). */
    public int port() {
        return port.port();
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (IceDtlsTransport transport : Set.copyOf(open)) {
            transport.close();
        }
        port.close();
        handshakes.shutdownNow();
        timers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
