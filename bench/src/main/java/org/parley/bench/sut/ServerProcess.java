package org.parley.bench.sut;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server-side process, started in the server's network namespace and pinned to its CPU set with
 * {@code ip netns exec <ns> taskset -c <cpus> ...} (both exec, so the pid is the server's own).
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final String name;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    public static ServerProcess start(String name, String namespace, String cpus, List<String> command,
            Map<String, String> env, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "taskset", "-c", cpus));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        return new ServerProcess(name, builder.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
