package org.parley.web.turn;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A coturn {@code turnserver} of the test's own on 127.0.0.1 and a free port (UDP and TCP), checking TURN REST API
 * credentials against {@code secret} ({@code use-auth-secret}); relays on 127.0.0.1 only, no TLS, no CLI, its
 * files (pid, database, log) in a temporary folder.
 */
final class Coturn implements AutoCloseable {

    static final String REALM = "parley.test";
    private static final Duration START_PATIENCE = Duration.ofSeconds(20);

    final int port;
    private final Path folder;
    private final Process process;

    private Coturn(int port, Path folder, Process process) {
        this.port = port;
        this.folder = folder;
        this.process = process;
    }

    /** Whether the Debian package coturn is installed (scripts/install-test-tools.sh installs it). */
    static boolean installed() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "turnserver")));
    }

    /** Starts it and returns once it answers a STUN Binding over UDP and accepts TCP connections. */
    static Coturn start(String secret) throws IOException, InterruptedException {
        int port = freeUdpAndTcpPort();
        Path folder = Files.createTempDirectory("parley-coturn-");
        Process process = new ProcessBuilder("turnserver", "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                "--no-tls", "--no-dtls", "--no-cli", "--no-rfc5780",
                "--pidfile=" + folder.resolve("turnserver.pid"), "--db=" + folder.resolve("turndb"),
                "--log-file=stdout", "--simple-log")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("turnserver.log").toFile())
                .start();
        Coturn coturn = new Coturn(port, folder, process);
        try {
            coturn.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** What it logged, for failure messages. */
    String log() {
        try {
            return Files.readString(folder.resolve("turnserver.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (!answersOverUdp() || !acceptsTcp()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("turnserver did not answer on 127.0.0.1:" + port + " within "
                        + START_PATIENCE + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    private boolean answersOverUdp() {
        byte[] binding = StunMessage.encode(StunMessage.BINDING_REQUEST, StunMessage.newTransactionId(),
                new LinkedHashMap<>(), null);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(200);
            socket.connect(address());
            socket.send(new DatagramPacket(binding, binding.length));
            byte[] buffer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return StunMessage.decode(Arrays.copyOf(buffer, packet.getLength())).type == StunMessage.BINDING_SUCCESS;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean acceptsTcp() {
        try (Socket socket = new Socket()) {
            socket.connect(address(), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both). */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                         tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // that port is taken for UDP: try another
            }
        }
        throw new IOException("No port free for both UDP and TCP on 127.0.0.1");
    }

    /** Kills it (SIGKILL: nothing of it is worth a graceful stop) and removes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(START_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("turnserver (pid " + process.pid() + ") did not die");
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
