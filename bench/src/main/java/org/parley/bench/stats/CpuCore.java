package org.parley.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy time of a set of CPUs from /proc/stat, in seconds: everything but idle and iowait, so it includes the
 * kernel's packet processing (softirq) that no process is charged for.
 */
public final class CpuCore {

    private CpuCore() {}

    public static double busySeconds(String cpuList) {
        double busy = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                for (String cpu : cpuList.split(",")) {
                    if (line.startsWith("cpu" + cpu.trim() + " ")) {
                        String[] f = line.trim().split("\\s+");
                        long total = 0;
                        for (int i = 1; i < Math.min(f.length, 9); i++) {
                            total += Long.parseLong(f[i]);
                        }
                        busy += total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return busy / 100.0;
    }
}
