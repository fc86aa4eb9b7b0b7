package org.parley.bench.sut;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.parley.bench.ceiling.RelayKeys;
import org.parley.bench.peer.Peer;

/**
 * A ceiling relay ({@code bare} or {@code srtp}) in its own JVM on the server's CPU set. Participants need no
 * signalling: they announce their address with a hello datagram and use pre-shared keys.
 */
public final class RelaySut implements SystemUnderTest {

    private static final int PORT = 10100;

    private final boolean srtp;
    private final String namespace;
    private final String cpus;
    private final String serverIp;
    private final Path logs;
    private final String classpath;
    private ServerProcess server;
    private int port = PORT;

    public RelaySut(boolean srtp, String namespace, String cpus, String serverIp, Path logs, String classpath) {
        this.srtp = srtp;
        this.namespace = namespace;
        this.cpus = cpus;
        this.serverIp = serverIp;
        this.logs = logs;
        this.classpath = classpath;
    }

    @Override
    public String name() {
        return srtp ? "SRTP relay" : "UDP relay";
    }

    /** One relay JVM for all scenarios, so it is as warm as the other systems. */
    @Override
    public void start() throws Exception {
        port = PORT + (srtp ? 1 : 0);
        server = ServerProcess.start(name(), namespace, cpus, List.of("java", "-cp", classpath,
                "org.parley.bench.ceiling.RelayMain", srtp ? "srtp" : "bare", serverIp, Integer.toString(port), "900"),
                Map.of(), logs.resolve((srtp ? "srtp" : "udp") + "-relay.log"));
        Thread.sleep(1000); // the JVM starting; hellos are sent three times anyway
    }

    /** Clears the relay's registrations (three times: it is UDP). */
    @Override
    public void newRoom(String label) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            for (int i = 0; i < 3; i++) {
                channel.send(ByteBuffer.wrap(RelayKeys.reset()), new InetSocketAddress(serverIp, port));
                Thread.sleep(20);
            }
        }
        Thread.sleep(100);
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public Joining join(Peer peer, boolean publish, int[] ssrcs) {
        int keyIndex = srtp ? peer.index() : 0;
        InetSocketAddress relay = new InetSocketAddress(serverIp, port);
        peer.joinStartNanos = System.nanoTime();
        peer.keyed(relay, RelayKeys.session(keyIndex, true), RelayKeys.session(keyIndex, false));
        byte[] hello = RelayKeys.hello(keyIndex);
        CompletableFuture<Void> connected = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3; i++) {
                peer.sendRaw(hello, relay);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        return new Joining() {
            @Override
            public CompletableFuture<Void> connected() {
                return connected;
            }

            @Override
            public void close() {
                peer.sendRaw(RelayKeys.bye(), relay);
            }
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
