package org.parley.bench.run;

/**
 * One scenario on one system.
 *
 * @param serverCpuPercent  server process CPU over the window, % of one core
 * @param serverCoreBusyPercent the server's pinned core(s) busy, incl. kernel packet work no process is charged for
 * @param otherLoadPercent  CPU used on the machine by anything but the server and the generator (a shared
 *                          machine's noise: high values make delays unreliable)
 * @param generatorCpuPercent the load generator's own CPU, % of one core (near 100 % = generator-bound)
 * @param cpuMicrosPerPacket server CPU per forwarded (delivered) packet
 * @param rssPerReceiverKiB growth of the server's resident memory per receiving participant (noisy for JVMs)
 * @param rssMiB            the server's resident memory at the end of the window
 * @param mediaThreadsCpuPercent the server's media receive and send threads alone, % of one core (NaN: unknown)
 * @param jitCpuPercent     the server's JIT compiler threads (JVMs), % of one core: a young JVM's one-off cost, which
 *                          a server running for hours no longer pays
 * @param gcPauses          stop-the-world GC pauses during the window (count, longest and total ms; NaN: no log)
 * @param joinPhases        where the receivers' join to first media went (medians)
 */
public record Result(String system, Scenario scenario, int joined, int expectedParticipants, double serverCpuPercent,
                     double serverCoreBusyPercent, double otherLoadPercent,
                     double generatorCpuPercent, double packetsPerSecond, double megabitsPerSecond, double p50Millis,
                     double p99Millis, double lossPercent, double rssPerReceiverKiB, double rssMiB, double joinToMediaP50Millis,
                     double joinToMediaMaxMillis, double cpuMicrosPerPacket, double mediaThreadsCpuPercent, double jitCpuPercent,
                     org.parley.bench.stats.GcPauses.Pauses gcPauses, JoinPhases joinPhases, String note) {

    /** CPU per forwarded packet without the JIT compiler's share: what the same load costs once the JVM is warm. */
    public double cpuMicrosPerPacketJitAside() {
        return serverCpuPercent <= 0 ? cpuMicrosPerPacket
                : cpuMicrosPerPacket * Math.max(0, serverCpuPercent - jitCpuPercent) / serverCpuPercent;
    }

    /** Where "until it breaks" stops: media lost, participants not joined, or the server's core saturated. */
    public boolean broken() {
        return lossPercent > 5 || joined < expectedParticipants * 0.95 || p99Millis > 1000 || Double.isNaN(p99Millis);
    }
}
