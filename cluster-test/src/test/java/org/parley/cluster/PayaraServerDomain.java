package org.parley.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A domain of its own on a Payara Server (full) installation, driven with {@code asadmin} as an operator would: created
 * under the build folder on free ports, started, configured, and stopped again.
 */
final class PayaraServerDomain implements AutoCloseable {

    /** Offsets from the port base that {@code create-domain --portbase} gives the domain's listeners. */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 66, 76, 80, 81, 86};
    private static final Duration COMMAND_PATIENCE = Duration.ofMinutes(3);

    private final Path asadmin;
    private final Path domains;
    private final String name;
    private final int portBase;
    private boolean started;

    private PayaraServerDomain(Path asadmin, Path domains, String name, int portBase) {
        this.asadmin = asadmin;
        this.domains = domains;
        this.name = name;
        this.portBase = portBase;
    }

    /** Creates the domain (no admin password; it listens on loopback ports a test may use). */
    static PayaraServerDomain create(Path installation, Path domains, String name) throws Exception {
        Path asadmin = installation.resolve("bin").resolve("asadmin");
        PayaraServerDomain domain = new PayaraServerDomain(asadmin, domains, name, freePortBase());
        if (Files.isDirectory(domains.resolve(name))) {
            domain.removeLeftover();
        }
        Files.createDirectories(domains);
        domain.run(List.of("create-domain", "--nopassword", "--portbase", Integer.toString(domain.portBase),
                "--domaindir", domains.toString(), name));
        return domain;
    }

    void start() throws Exception {
        run(List.of("start-domain", "--domaindir", domains.toString(), name));
        started = true;
    }

    /** Runs a remote command against the running domain; returns its output. */
    String asadmin(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(adminPort()), "--user", "admin"));
        args.addAll(List.of(command));
        return run(args);
    }

    int httpPort() {
        return portBase + 80;
    }

    int adminPort() {
        return portBase + 48;
    }

    Path serverLog() {
        return domains.resolve(name).resolve("logs").resolve("server.log");
    }

    @Override
    public void close() throws Exception {
        if (started) {
            started = false;
            run(List.of("stop-domain", "--domaindir", domains.toString(), name));
        }
    }

    /** A domain an earlier, interrupted run left: stopped if it still runs, and deleted. */
    private void removeLeftover() throws Exception {
        try {
            run(List.of("stop-domain", "--domaindir", domains.toString(), name));
        } catch (IllegalStateException notRunning) {
            // stopped already
        }
        try (Stream<Path> files = Files.walk(domains.resolve(name))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private String run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--interactive=false"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // asadmin and the server it starts run on the JVM running the tests.
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("asadmin " + args + " did not finish within " + COMMAND_PATIENCE);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + args + " failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }

    /**
     * A port base (a multiple of 100 between 20000 and 31900) whose listeners' ports are all free: below the kernel's
     * ephemeral range, so no outgoing connection takes one of them before the domain binds it (see {@link FreePorts}).
     */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 100 * ThreadLocalRandom.current().nextInt(200, 320);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free port base for a Payara domain after 50 tries");
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket socket = new ServerSocket(base + offset, 1, InetAddress.getByName("0.0.0.0"))) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
