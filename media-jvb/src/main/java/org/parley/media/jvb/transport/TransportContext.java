package org.parley.media.jvb.transport;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.jvb.transport.dtls.DtlsCertificate;
import org.parley.media.jvb.transport.ice.SharedUdpPort;

/** What every transport of one factory shares. */
record TransportContext(
        SharedUdpPort port,
        BcTlsCrypto crypto,
        DtlsCertificate certificate,
        Executor handshakeExecutor,
        ScheduledExecutorService timers,
        Duration connectTimeout,
        Duration handshakeTimeout,
        Consumer<IceDtlsTransport> onClosed) {}
