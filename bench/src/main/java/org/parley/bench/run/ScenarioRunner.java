package org.parley.bench.run;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.bench.media.Pacer;
import org.parley.bench.media.Publisher;
import org.parley.bench.peer.Peer;
import org.parley.bench.peer.PeerHub;
import org.parley.bench.peer.Window;
import org.parley.bench.stats.CpuCore;
import org.parley.bench.stats.ProcStat;
import org.parley.bench.sut.Joining;
import org.parley.bench.sut.SystemUnderTest;

/**
 * Runs one scenario: join everyone (publishers first), wait for media at every receiver, warm up, measure one
 * window, then leave. Every wait is bounded.
 */
public final class ScenarioRunner {

    /** Called once media flows, before the warm-up, with how long warm-up and window last (the JFR hook). */
    public interface WindowHook {
        void beforeWindow(SystemUnderTest sut, Scenario scenario, Duration window);
    }

    private static final AtomicInteger NEXT_PEER = new AtomicInteger(1);
    private static final int JOIN_BATCH = 20;

    private final PeerHub hub;
    private final Pacer pacer;
    private final InetAddress clientIp;
    private final Duration warmup;
    private final Duration measure;
    private final WindowHook hook;
    private final String serverCpus;

    public ScenarioRunner(PeerHub hub, Pacer pacer, InetAddress clientIp, Duration warmup, Duration measure,
            WindowHook hook, String serverCpus) {
        this.hub = hub;
        this.pacer = pacer;
        this.clientIp = clientIp;
        this.warmup = warmup;
        this.measure = measure;
        this.hook = hook;
        this.serverCpus = serverCpus;
    }

    public Result run(SystemUnderTest sut, Scenario scenario) throws Exception {
        sut.newRoom(scenario.label());
        long rssBefore = ProcStat.rssKiB(sut.pid());
        List<Peer> peers = new ArrayList<>();
        List<Joining> joinings = new ArrayList<>();
        List<Publisher> publishers = new ArrayList<>();
        List<Peer> receivers = new ArrayList<>();
        String note = "";
        try {
            int total = scenario.kind() == Scenario.Kind.FANOUT ? scenario.size() + 1 : scenario.size();
            for (int i = 0; i < total; i++) {
                Peer peer = new Peer(NEXT_PEER.getAndIncrement(), clientIp);
                hub.add(peer);
                peers.add(peer);
            }
            List<Peer> sending = peers.subList(0, scenario.publishers());
            receivers.addAll(scenario.kind() == Scenario.Kind.FANOUT ? peers.subList(1, peers.size()) : peers);
            // Publishers first: subscribers then join a room where media already flows, as in a real call.
            int joined = joinAll(sut, sending, true, joinings, publishers);
            for (Publisher p : publishers) {
                pacer.add(p);
            }
            if (scenario.kind() == Scenario.Kind.FANOUT) {
                joined += joinAll(sut, receivers, false, joinings, publishers);
            }
            awaitMedia(receivers, Duration.ofSeconds(15 + scenario.size() / 10));
            if (hook != null) {
                // Before the warm-up: starting JFR loads classes and costs CPU that is not the server's.
                hook.beforeWindow(sut, scenario, warmup.plus(measure).plusSeconds(1));
            }
            Thread.sleep(warmup.toMillis());

            long start = System.nanoTime() + 50_000_000L;
            long end = start + measure.toNanos();
            Window window = new Window(start, end);
            hub.open(window);
            pacer.window(start, end);
            sleepUntil(start);
            double serverCpu0 = ProcStat.cpuSeconds(sut.pid());
            double core0 = CpuCore.busySeconds(serverCpus);
            double machine0 = CpuCore.busySeconds("0,1");
            double generatorCpu0 = ProcStat.cpuSeconds(ProcessHandle.current().pid());
            sleepUntil(end);
            double serverCpu = ProcStat.cpuSeconds(sut.pid()) - serverCpu0;
            double core = CpuCore.busySeconds(serverCpus) - core0;
            double machine = CpuCore.busySeconds("0,1") - machine0;
            double generatorCpu = ProcStat.cpuSeconds(ProcessHandle.current().pid()) - generatorCpu0;
            long rssAfter = ProcStat.rssKiB(sut.pid());
            Thread.sleep(300); // packets sent at the end of the window still count
            hub.close(window);

            double seconds = measure.toNanos() / 1e9;
            long sent = publishers.stream().mapToLong(Publisher::sentInWindow).sum();
            long connectedReceivers = receivers.stream().filter(p -> p.firstMediaNanos != 0).count();
            long expected = scenario.kind() == Scenario.Kind.FANOUT ? sent * connectedReceivers
                    : sent * Math.max(0, connectedReceivers - 1);
            double loss = expected == 0 ? 100 : 100.0 * Math.max(0, expected - window.packets) / expected;
            double[] joinTimes = receivers.stream().filter(p -> p.firstMediaNanos != 0)
                    .mapToDouble(p -> (p.firstMediaNanos - p.joinStartNanos) / 1e6).sorted().toArray();
            if (!sut.isAliveOrUnknown()) {
                note = "server process died";
            }
            if (window.rejected > 0) {
                note += " " + window.rejected + " packets failed SRTP";
            }
            return new Result(sut.name(), scenario, joined, total, 100 * serverCpu / seconds, 100 * core / seconds,
                    100 * Math.max(0, machine - serverCpu - generatorCpu) / seconds,
                    100 * generatorCpu / seconds, window.packets / seconds, window.bytes * 8 / seconds / 1e6,
                    window.delay.percentileMillis(0.5), window.delay.percentileMillis(0.99), loss,
                    receivers.isEmpty() ? 0 : (double) (rssAfter - rssBefore) / receivers.size(),
                    percentile(joinTimes, 0.5), joinTimes.length == 0 ? Double.NaN : joinTimes[joinTimes.length - 1],
                    window.packets == 0 ? Double.NaN : serverCpu * 1e6 / window.packets, note.trim());
        } finally {
            publishers.forEach(pacer::remove);
            for (Joining joining : joinings) {
                joining.close();
            }
            peers.forEach(hub::remove);
            Thread.sleep(1500); // the server finishes tearing the sessions down before the next scenario
        }
    }

    /** Joins in bounded batches; returns how many connected. */
    private int joinAll(SystemUnderTest sut, List<Peer> peers, boolean publish, List<Joining> joinings,
            List<Publisher> publishers) throws Exception {
        int connected = 0;
        for (int from = 0; from < peers.size(); from += JOIN_BATCH) {
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (Peer peer : peers.subList(from, Math.min(peers.size(), from + JOIN_BATCH))) {
                int base = peer.index() * 16;
                int[] ssrcs = {base + 1, base + 2, base + 3};
                Joining joining = sut.join(peer, publish, ssrcs);
                joinings.add(joining);
                batch.add(joining.connected());
                if (publish) {
                    publishers.add(new Publisher(peer, ssrcs[1], ssrcs[0]));
                }
            }
            for (CompletableFuture<Void> f : batch) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    connected++;
                } catch (Exception e) {
                    System.err.println("join failed: " + e);
                }
            }
        }
        return connected;
    }

    private static void awaitMedia(List<Peer> receivers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && receivers.stream().anyMatch(p -> p.firstMediaNanos == 0)) {
            Thread.sleep(50);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
