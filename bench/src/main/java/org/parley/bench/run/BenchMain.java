package org.parley.bench.run;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.parley.bench.media.MediaClip;
import org.parley.bench.media.Pacer;
import org.parley.bench.peer.PeerHub;
import org.parley.bench.sut.JanusSut;
import org.parley.bench.sut.ParleySut;
import org.parley.bench.sut.RelaySut;
import org.parley.bench.sut.SystemUnderTest;

/**
 * The bench driver, run inside the client network namespace by bench/run.sh: starts each system in the server
 * namespace, runs the scenarios against it, and writes results.md, chart.png and the Parley profile.
 *
 * <p>Arguments are key=value: mode (full|smoke), serverNs, serverCpus, serverIp, clientIp, webTarget, results,
 * logs, ivf, ogg, classpath, systems (parley,janus,srtp,udp), fanout and meetings (sizes, comma-separated;
 * empty for none), budgetSeconds, parleyJvm (Parley's JVM options, comma-separated).
 */
public final class BenchMain {

    private static final int[] FANOUT_FULL = {1, 10, 50, 100, 200};
    /** Growing fan-outs go up by 100 to 500, then by 250 to 1,000. */
    private static final int FANOUT_STEP = 100;
    private static final int FANOUT_BIG_STEP = 250;
    private static final int FANOUT_BIG_FROM = 500;
    private static final int FANOUT_MAX = 1000;
    private static final int[] MEETINGS = {4, 8, 16};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        boolean smoke = a.getOrDefault("mode", "full").equals("smoke");
        long started = System.nanoTime();
        long budget = TimeUnit.SECONDS.toNanos(Long.parseLong(a.getOrDefault("budgetSeconds", smoke ? "90" : "1080")));
        Path results = Path.of(a.get("results"));
        Path logs = Path.of(a.get("logs"));
        Files.createDirectories(results);
        Files.createDirectories(logs);
        String ns = a.get("serverNs");
        String cpus = a.getOrDefault("serverCpus", "0");
        String serverIp = a.get("serverIp");
        InetAddress clientIp = InetAddress.getByName(a.get("clientIp"));
        MediaClip clip = MediaClip.load(Path.of(a.get("ivf")), Path.of(a.get("ogg")));
        System.out.printf(Locale.ROOT, "clip: %d VP8 frames (%.0f kbit/s at 30 fps), %d Opus packets%n",
                clip.videoFrames().size(), clip.videoBitsPerSecondAt30Fps() / 1000.0, clip.audioPackets().size());

        Duration warmup = Duration.ofSeconds(smoke ? 1 : 2);
        Duration measure = Duration.ofSeconds(smoke ? 4 : 6);
        List<Result> all = new ArrayList<>();
        Path[] profile = new Path[1];
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-connect");
            t.setDaemon(true);
            return t;
        });
        try (PeerHub hub = new PeerHub(); Pacer pacer = new Pacer(clip)) {
            ScenarioRunner runner = new ScenarioRunner(hub, pacer, clientIp, warmup, measure, null, cpus);
            ScenarioRunner profiler = new ScenarioRunner(hub, pacer, clientIp, Duration.ofSeconds(3),
                    Duration.ofSeconds(10),
                    (sut, scenario, window) -> startJfr(sut.pid(), logs.resolve("parley-fanout-100.jfr"), window), cpus);

            List<SystemUnderTest> systems = new ArrayList<>();
            for (String name : a.getOrDefault("systems", smoke ? "parley,udp" : "parley,janus,srtp,udp").split(",")) {
                switch (name) {
                    case "parley" -> systems.add(new ParleySut(Path.of(a.get("webTarget")), ns, cpus, serverIp, logs,
                            workers, parleyJvm(a.getOrDefault("parleyJvm", "-XX:+UseG1GC"), logs)));
                    case "udp" -> systems.add(new RelaySut(false, ns, cpus, serverIp, logs, a.get("classpath")));
                    case "srtp" -> systems.add(new RelaySut(true, ns, cpus, serverIp, logs, a.get("classpath")));
                    case "janus" -> {
                        if (JanusSut.installed()) {
                            systems.add(new JanusSut(ns, cpus, serverIp, logs, workers));
                        } else {
                            System.out.println("Janus is not installed (apt-get install -y janus): skipped");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown system " + name);
                }
            }
            int[] fanout = sizes(a, "fanout", smoke ? new int[] {1, 2} : FANOUT_FULL);
            int[] meetings = sizes(a, "meetings", smoke ? new int[0] : MEETINGS);
            boolean grow = !smoke && !a.containsKey("fanout");
            int parleyMax = Integer.MAX_VALUE;
            for (SystemUnderTest sut : systems) {
                if (System.nanoTime() - started > budget) {
                    System.out.println("time budget spent: skipping " + sut.name());
                    continue;
                }
                try {
                    System.out.println("== " + sut.name() + " starting");
                    sut.start();
                    if (!smoke) {
                        // JIT and caches warm, as on a server that has been up for a while: not reported.
                        runLogged(runner, sut, new Scenario(Scenario.Kind.FANOUT, 50));
                    }
                    int largest = 0;
                    boolean broken = false;
                    for (int n : fanout) {
                        if (n > parleyMax || broken || outOfTime(started, budget)) {
                            break;
                        }
                        Result r = step(runner, sut, new Scenario(Scenario.Kind.FANOUT, n), all, results, smoke);
                        largest = n;
                        broken = r.broken();
                    }
                    for (int m : meetings) {
                        if (outOfTime(started, budget) || !sut.isAliveOrUnknown()) {
                            break;
                        }
                        step(runner, sut, new Scenario(Scenario.Kind.MEETING, m), all, results, smoke);
                    }
                    // "and up until it breaks"
                    for (int n = largest + FANOUT_STEP; grow && !broken && n <= Math.min(FANOUT_MAX, parleyMax);
                            n += n < FANOUT_BIG_FROM ? FANOUT_STEP : FANOUT_BIG_STEP) {
                        if (outOfTime(started, budget) || !sut.isAliveOrUnknown()) {
                            break;
                        }
                        Result r = step(runner, sut, new Scenario(Scenario.Kind.FANOUT, n), all, results, smoke);
                        largest = n;
                        broken = r.broken();
                    }
                    if (sut.name().equals("Parley")) {
                        parleyMax = Math.max(largest, 1);
                    }
                    // Last: the JFR pass disturbs the steps after it (CPU and allocation stay high for a while).
                    if (!smoke && sut.name().equals("Parley") && sut.isAliveOrUnknown()) {
                        profile[0] = logs.resolve("parley-fanout-100.jfr");
                        System.out.println("profiling pass (not in the table):");
                        runLogged(profiler, sut, new Scenario(Scenario.Kind.FANOUT, 100));
                    }
                } catch (Exception e) {
                    System.out.println(sut.name() + " failed: " + e);
                    e.printStackTrace(System.out);
                    all.add(failed(sut, new Scenario(Scenario.Kind.FANOUT, 0), e));
                } finally {
                    sut.close();
                }
            }
        } finally {
            workers.shutdownNow();
        }
        write(all, results, smoke);
        if (profile[0] != null && Files.exists(profile[0])) {
            Files.writeString(results.resolve("profile.md"), "### Parley, JFR during fan-out 100\n\n"
                    + JfrSummary.markdown(profile[0], 25, org.parley.bench.sut.ParleySut.MEDIA_THREADS));
        }
        // A system that failed to start leaves a failed row (no packets): that fails the smoke run too.
        boolean mediaFlowed = !all.isEmpty() && all.stream().allMatch(r -> r.packetsPerSecond() > 0
                && r.expectedParticipants() > 0 && r.joined() == r.expectedParticipants());
        System.out.printf(Locale.ROOT, "bench done in %.0f s; media flowed everywhere: %s%n",
                (System.nanoTime() - started) / 1e9, mediaFlowed);
        System.exit(smoke && !mediaFlowed ? 1 : 0);
    }

    /** Parley's JVM options (the parleyJvm argument, comma-separated) plus a GC log for the profile. */
    private static List<String> parleyJvm(String options, Path logs) {
        List<String> all = new java.util.ArrayList<>(List.of(options.split(",")));
        all.add("-Xlog:gc:file=" + logs.resolve("parley-gc.log"));
        return all;
    }

    /** A comma-separated list of sizes ({@code fanout=} or {@code meetings=} with nothing: none). */
    private static int[] sizes(Map<String, String> args, String key, int[] otherwise) {
        String value = args.get(key);
        if (value == null) {
            return otherwise;
        }
        return value.isBlank() ? new int[0]
                : java.util.Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** One reported scenario; a scenario that throws is reported as failed and the next one still runs. */
    private static Result step(ScenarioRunner runner, SystemUnderTest sut, Scenario scenario, List<Result> all,
            Path results, boolean smoke) throws Exception {
        Result r;
        try {
            r = runLogged(runner, sut, scenario);
        } catch (Exception e) {
            System.out.println(sut.name() + " " + scenario.label() + " failed: " + e);
            r = failed(sut, scenario, e);
        }
        all.add(r);
        write(all, results, smoke);
        return r;
    }

    private static Result failed(SystemUnderTest sut, Scenario scenario, Exception e) {
        return new Result(sut.name(), scenario, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN,
                Double.NaN, 100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, org.parley.bench.stats.GcPauses.Pauses.NONE, JoinPhases.NONE, "failed: " + e.getMessage());
    }

    private static boolean outOfTime(long started, long budget) {
        boolean out = System.nanoTime() - started > budget;
        if (out) {
            System.out.println("time budget spent");
        }
        return out;
    }

    private static Result runLogged(ScenarioRunner runner, SystemUnderTest sut, Scenario scenario) throws Exception {
        long t0 = System.nanoTime();
        Result r = runner.run(sut, scenario);
        System.out.printf(Locale.ROOT, "%-10s %-12s joined %d/%d cpu %.1f%% fwd %.0f pkt/s %.1f Mbit/s p50 %.2f ms "
                        + "p99 %.2f ms loss %.2f%% join→media %.0f ms gen %.0f%% (%.0f s)%n",
                r.system(), scenario.label(), r.joined(), r.expectedParticipants(), r.serverCpuPercent(),
                r.packetsPerSecond(), r.megabitsPerSecond(), r.p50Millis(), r.p99Millis(), r.lossPercent(),
                r.joinToMediaP50Millis(), r.generatorCpuPercent(), (System.nanoTime() - t0) / 1e9);
        return r;
    }

    private static void startJfr(long pid, Path file, Duration window) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
                    "duration=" + window.toSeconds() + "s", "filename=" + file).redirectErrorStream(true).start();
            p.waitFor(20, TimeUnit.SECONDS);
            System.out.println("JFR: " + new String(p.getInputStream().readAllBytes()).trim());
        } catch (Exception e) {
            System.out.println("JFR could not start: " + e);
        }
    }

    private static void write(List<Result> all, Path results, boolean smoke) throws Exception {
        String header = "## Parley benchmark (" + (smoke ? "smoke" : "full") + " run, " + Instant.now() + ")";
        Files.writeString(results.resolve(smoke ? "smoke.md" : "results.md"), Report.markdown(all, header));
        Chart.write(all, results.resolve(smoke ? "smoke.png" : "chart.png"));
    }

    private BenchMain() {}
}
