package org.parley.bench.run;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.bench.media.Pacer;
import org.parley.bench.media.Publisher;
import org.parley.bench.peer.Peer;
import org.parley.bench.peer.PeerHub;
import org.parley.bench.peer.Window;
import org.parley.bench.stats.CpuCore;
import org.parley.bench.stats.GcPauses;
import org.parley.bench.stats.ProcStat;
import org.parley.bench.stats.ThreadCpu;
import org.parley.bench.sut.Joining;
import org.parley.bench.sut.SystemUnderTest;

/**
 * Runs one scenario: join everyone (publishers first), wait for media at every receiver, warm up, measure one
 * window, then leave. Every wait is bounded. A meeting participant is one peer, or for a system that subscribes
 * on a second connection (Janus) a publishing peer plus a receiving peer that joins once all publishers have.
 */
public final class ScenarioRunner {

    /** Called once media flows, before the warm-up, with how long warm-up and window last (the JFR hook). */
    public interface WindowHook {
        void beforeWindow(SystemUnderTest sut, Scenario scenario, Duration window);
    }

    private static final AtomicInteger NEXT_PEER = new AtomicInteger(1);
    private static final int JOIN_BATCH = 20;
    /** HotSpot's compiler threads (named "C1/C2 CompilerThreadN"); no other system has any. */
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThread", "C2 CompilerThread");

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
                peers.add(newPeer());
            }
            List<Peer> sending = List.copyOf(peers.subList(0, scenario.publishers()));
            // Each receiver's own publisher (a meeting participant does not receive itself); none in a fan-out.
            Map<Peer, Peer> own = new HashMap<>();
            boolean secondConnection = scenario.kind() == Scenario.Kind.MEETING
                    && !sut.receivesOnPublishingConnection();
            if (scenario.kind() == Scenario.Kind.FANOUT) {
                receivers.addAll(peers.subList(1, peers.size()));
            } else if (!secondConnection) {
                receivers.addAll(peers);
                peers.forEach(p -> own.put(p, p));
            } else {
                for (Peer publisher : sending) {
                    Peer receiver = newPeer();
                    peers.add(receiver);
                    receivers.add(receiver);
                    own.put(receiver, publisher);
                }
            }
            // Publishers first: subscribers then join a room where media already flows, as in a real call.
            Set<Peer> connected = joinAll(sending, (peer, ssrcs) -> sut.join(peer, true, ssrcs), joinings, publishers);
            for (Publisher p : publishers) {
                pacer.add(p);
            }
            int joined;
            if (scenario.kind() == Scenario.Kind.FANOUT) {
                connected.addAll(joinAll(receivers, (peer, ssrcs) -> sut.join(peer, false, ssrcs), joinings, null));
                joined = connected.size();
            } else if (secondConnection) {
                // Join → media counts for the participant, from when its publisher started joining.
                Set<Peer> subscribed = joinAll(receivers, (receiver, ssrcs) -> {
                    receiver.joinStartNanos = own.get(receiver).joinStartNanos;
                    return sut.subscribeToOthers(receiver, own.get(receiver));
                }, joinings, null);
                joined = (int) receivers.stream().filter(r -> subscribed.contains(r) && connected.contains(own.get(r)))
                        .count();
            } else {
                joined = connected.size();
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
            double mediaThreads0 = ThreadCpu.cpuSeconds(sut.pid(), sut.mediaThreadPrefixes());
            double jit0 = ThreadCpu.cpuSeconds(sut.pid(), JIT_THREADS);
            long gcLogAt = sut.gcLog() == null ? 0 : GcPauses.end(sut.gcLog());
            sleepUntil(end);
            double mediaThreads = ThreadCpu.cpuSeconds(sut.pid(), sut.mediaThreadPrefixes()) - mediaThreads0;
            double jit = ThreadCpu.cpuSeconds(sut.pid(), JIT_THREADS) - jit0;
            GcPauses.Pauses pauses = sut.gcLog() == null ? GcPauses.Pauses.NONE : GcPauses.since(sut.gcLog(), gcLogAt);
            double serverCpu = ProcStat.cpuSeconds(sut.pid()) - serverCpu0;
            double core = CpuCore.busySeconds(serverCpus) - core0;
            double machine = CpuCore.busySeconds("0,1") - machine0;
            double generatorCpu = ProcStat.cpuSeconds(ProcessHandle.current().pid()) - generatorCpu0;
            long rssAfter = ProcStat.rssKiB(sut.pid());
            Thread.sleep(300); // packets sent at the end of the window still count
            hub.close(window);

            double seconds = measure.toNanos() / 1e9;
            long sent = publishers.stream().mapToLong(Publisher::sentInWindow).sum();
            // Every receiver that got media expects every packet sent in the window but its own participant's.
            Map<Peer, Long> sentBy = new HashMap<>();
            publishers.forEach(p -> sentBy.put(p.peer(), p.sentInWindow()));
            long expected = receivers.stream().filter(p -> p.firstMediaNanos != 0)
                    .mapToLong(r -> sent - sentBy.getOrDefault(own.get(r), 0L)).sum();
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
                    receivers.isEmpty() ? 0 : (double) (rssAfter - rssBefore) / receivers.size(), rssAfter / 1024.0,
                    percentile(joinTimes, 0.5), joinTimes.length == 0 ? Double.NaN : joinTimes[joinTimes.length - 1],
                    window.packets == 0 ? Double.NaN : serverCpu * 1e6 / window.packets, 100 * mediaThreads / seconds,
                    100 * jit / seconds, pauses, JoinPhases.of(receivers), note.trim());
        } finally {
            publishers.forEach(pacer::remove);
            for (Joining joining : joinings) {
                joining.close();
            }
            peers.forEach(hub::remove);
            awaitQuiet(sut);
        }
    }

    /**
     * Waits (at most 30 s) until the server has finished tearing this scenario down: its CPU over half a second below
     * 5 % of a core. Otherwise the next scenario's small room would be charged for the last one's hundreds of leaves.
     */
    private static void awaitQuiet(SystemUnderTest sut) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Thread.sleep(500);
        while (System.nanoTime() < deadline && sut.isAliveOrUnknown()) {
            double before = ProcStat.cpuSeconds(sut.pid());
            Thread.sleep(500);
            if (ProcStat.cpuSeconds(sut.pid()) - before < 0.025) {
                return;
            }
        }
    }

    /** How one peer joins: as a publisher, a subscriber, or a meeting participant's receiving connection. */
    private interface JoinOne {
        Joining join(Peer peer, int[] ssrcs) throws Exception;
    }

    private Peer newPeer() throws IOException {
        Peer peer = new Peer(NEXT_PEER.getAndIncrement(), clientIp);
        hub.add(peer);
        return peer;
    }

    /** Joins in bounded batches; returns the peers that connected. With {@code publishers}, each one sends. */
    private Set<Peer> joinAll(List<Peer> peers, JoinOne how, List<Joining> joinings, List<Publisher> publishers)
            throws Exception {
        Set<Peer> connected = new HashSet<>();
        for (int from = 0; from < peers.size(); from += JOIN_BATCH) {
            Map<Peer, CompletableFuture<Void>> batch = new LinkedHashMap<>();
            for (Peer peer : peers.subList(from, Math.min(peers.size(), from + JOIN_BATCH))) {
                int base = peer.index() * 16;
                int[] ssrcs = {base + 1, base + 2, base + 3};
                Joining joining = how.join(peer, ssrcs);
                joinings.add(joining);
                batch.put(peer, joining.connected());
                if (publishers != null) {
                    publishers.add(new Publisher(peer, ssrcs[1], ssrcs[0]));
                }
            }
            for (Map.Entry<Peer, CompletableFuture<Void>> f : batch.entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                    connected.add(f.getKey());
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
