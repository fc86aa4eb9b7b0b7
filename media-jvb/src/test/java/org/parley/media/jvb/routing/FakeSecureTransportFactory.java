package org.parley.media.jvb.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.media.jvb.transport.SecureTransport;
import org.parley.media.jvb.transport.SecureTransportFactory;
import org.parley.media.jvb.transport.TransportHandler;

/** Makes {@link FakeSecureTransport}s and remembers them by id. */
final class FakeSecureTransportFactory implements SecureTransportFactory {

    final Map<String, FakeSecureTransport> created = new ConcurrentHashMap<>();
    volatile boolean closed;

    @Override
    public SecureTransport create(String id, TransportHandler handler) {
        FakeSecureTransport transport = new FakeSecureTransport(id, handler);
        created.put(id, transport);
        return transport;
    }

    FakeSecureTransport of(JvbWebRtcTransport transport) {
        return created.get(transport.id());
    }

    @Override
    public void close() {
        closed = true;
    }
}
