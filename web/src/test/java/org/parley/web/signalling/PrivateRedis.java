package org.parley.web.signalling;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free loopback port, which the test may stop and start again (the
 * machine's shared Redis on 6379 is never touched). Keeps nothing on disk.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final int port;
    private Process process;

    public PrivateRedis() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            this.port = socket.getLocalPort();
        }
    }

    public String address() {
        return "redis://" + HOST + ":" + port;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--bind", HOST, "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "parley-private-redis-" + port + ".log"))
                .start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            Thread.sleep(20);
        }
    }

    public void stop() throws InterruptedException, IOException {
        if (process != null) {
            if (process.isAlive()) {
                thaw(); // a frozen server does not act on SIGTERM until thawed
            }
            process.destroy(); // SIGTERM: redis-server exits at once with nothing to save
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a hung or partitioned Redis. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen server carry on (SIGCONT), its data intact. */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " failed");
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop();
    }
}
