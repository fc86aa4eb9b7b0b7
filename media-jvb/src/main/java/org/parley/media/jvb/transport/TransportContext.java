package org.parley.media.jvb.transport;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.parley.media.jvb.transport.dtls.DtlsCertificate;
import org.parley.media.jvb.transport.ice.MediaPorts;

/** What every transport of one factory shares. */
record TransportContext(
        MediaPorts ports,
        BcTlsCrypto crypto,
        DtlsCertificate certificate,
        Executor handshakeExecutor,
        ScheduledExecutorService timers,
        TransportTimeouts timeouts,
        TrafficCounters traffic,
        Consumer<IceDtlsTransport> onClosed) {

    Duration connectTimeout() {
        return timeouts.connect();
    }
}
