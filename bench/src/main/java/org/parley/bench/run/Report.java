package org.parley.bench.run;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown results: every measured row, then Parley as a ratio to each other system at equal load. */
final class Report {

    private Report() {}

    static String markdown(List<Result> results, String header) {
        StringBuilder s = new StringBuilder(header).append("\n\n");
        s.append("| system | scenario | joined | server process CPU % | media threads CPU % | JIT compiler CPU % | server core busy % | other load on the machine, CPU % | fwd pkt/s | fwd Mbit/s | CPU µs/pkt | delay p50 ms | delay p99 ms | loss % | GC pauses: n / max / total ms | RSS MiB | RSS Δ/receiver KiB | join→media p50 / max ms | generator CPU % | note |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT,
                    "| %s | %s | %d/%d | %.1f | %s | %.1f | %.1f | %.0f | %.0f | %.2f | %.1f | %.2f | %.2f | %.2f | %s | %.0f | %.0f | %.0f / %.0f | %.0f | %s |%n",
                    r.system(), r.scenario().label(), r.joined(), r.expectedParticipants(), r.serverCpuPercent(),
                    Double.isNaN(r.mediaThreadsCpuPercent()) ? "–" : String.format(Locale.ROOT, "%.1f", r.mediaThreadsCpuPercent()),
                    r.jitCpuPercent(), r.serverCoreBusyPercent(), r.otherLoadPercent(), r.packetsPerSecond(), r.megabitsPerSecond(),
                    r.cpuMicrosPerPacket(), r.p50Millis(), r.p99Millis(), r.lossPercent(),
                    Double.isNaN(r.gcPauses().maxMillis()) ? "–" : String.format(Locale.ROOT, "%d / %.1f / %.1f",
                            r.gcPauses().count(), r.gcPauses().maxMillis(), r.gcPauses().totalMillis()),
                    r.rssMiB(), r.rssPerReceiverKiB(), r.joinToMediaP50Millis(), r.joinToMediaMaxMillis(),
                    r.generatorCpuPercent(), r.note() + (r.broken() ? " **broken**" : "")));
        }
        s.append("\n### Join to first media, phase by phase (median ms from the start of joining, receivers)\n\n");
        s.append("| system | scenario | server's SDP | ICE done | DTLS done | first media |\n|---|---|---|---|---|---|\n");
        for (Result r : results) {
            JoinPhases j = r.joinPhases();
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.system(), r.scenario().label(),
                    millis(j.sdpMillis()), millis(j.iceMillis()), millis(j.dtlsMillis()), millis(j.mediaMillis())));
        }
        s.append("\n### Parley as a ratio (Parley ÷ other; CPU per forwarded packet, and p99 delay)\n\n");
        s.append("JIT aside: each side's CPU without its JIT compiler threads (Parley and the relays are JVMs that started "
                + "minutes before; Janus is C).\n\n");
        s.append("| scenario | vs | CPU µs/pkt ratio | CPU µs/pkt ratio, JIT aside | p99 delay ratio | Parley loss % | other loss % |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Result parley : results) {
            if (!parley.system().equals("Parley")) {
                continue;
            }
            for (String other : List.of("Janus", "UDP relay", "SRTP relay")) {
                Optional<Result> o = results.stream()
                        .filter(r -> r.system().equals(other) && r.scenario().equals(parley.scenario())).findFirst();
                o.ifPresent(r -> s.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                        parley.scenario().label(), other, parley.cpuMicrosPerPacket() / r.cpuMicrosPerPacket(),
                        parley.cpuMicrosPerPacketJitAside() / r.cpuMicrosPerPacketJitAside(),
                        parley.p99Millis() / r.p99Millis(), parley.lossPercent(), r.lossPercent())));
            }
        }
        return s.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }
}
