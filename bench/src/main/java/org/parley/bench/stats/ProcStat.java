package org.parley.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc (Linux; 100 clock ticks per second). */
public final class ProcStat {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {}

    /** utime + stime in seconds. */
    public static double cpuSeconds(long pid) {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime in seconds of a process's or thread's stat line: the fields after the name, which may hold spaces. */
    static double cpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
