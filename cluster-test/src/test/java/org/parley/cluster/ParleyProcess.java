package org.parley.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One Parley process: Payara Micro running the WAR this build made, on free loopback ports. */
final class ParleyProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String nodeId;
    final int httpPort;
    final int mediaPort;
    final Path log;
    private final Process process;

    private ParleyProcess(String nodeId, int httpPort, int mediaPort, Path log, Process process) {
        this.nodeId = nodeId;
        this.httpPort = httpPort;
        this.mediaPort = mediaPort;
        this.log = log;
        this.process = process;
    }

    /** Launches the process (it needs tens of seconds to be ready: see {@link #awaitReady}). */
    static ParleyProcess launch(String nodeId, Map<String, String> sharedEnvironment) throws IOException {
        Path runtime = Path.of(System.getProperty("parley.runtime"));
        Path work = Path.of(System.getProperty("parley.work")).resolve(nodeId);
        Files.createDirectories(work);
        int httpPort = FreePorts.take();
        int mediaPort = FreePorts.take();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("parley.microJvmOptions").trim().split("\\s+")));
        command.addAll(List.of("-jar", runtime.resolve("payara-micro.jar").toString(),
                "--deploy", runtime.resolve("parley.war").toString(), "--contextroot", "/",
                "--port", Integer.toString(httpPort), "--nohazelcast", "--rootdir", work.resolve("root").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        builder.environment().putAll(sharedEnvironment);
        builder.environment().put("PARLEY_NODE_ID", nodeId);
        builder.environment().put("PARLEY_MEDIA_PORT", Integer.toString(mediaPort));
        builder.environment().put("PARLEY_MEDIA_BIND_ADDRESS", "127.0.0.1");
        return new ParleyProcess(nodeId, httpPort, mediaPort, work.resolve("server.log"), builder.start());
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws");
    }

    /** Polls the start page until it is served: the WAR is deployed and Redis connected. */
    void awaitReady(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Object last = "nothing";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(nodeId + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(http()).timeout(Duration.ofSeconds(20))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e; // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(nodeId + " not ready within " + patience + " (last answer: " + last + "); see "
                + log);
    }

    /** Dies as a crashed machine would: no shutdown hooks, no deregistration. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks it to stop as an orchestrator does (SIGTERM), without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit by itself; its exit code, or empty if it still runs after {@code patience}. */
    OptionalInt awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** Shuts down gracefully when it can, forcibly otherwise. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
