package org.parley.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** CPU time of a process's threads whose names start with given prefixes, from /proc/<pid>/task (Linux). */
public final class ThreadCpu {

    /** The kernel keeps 15 characters of a thread's name. */
    private static final int COMM_LENGTH = 15;

    private ThreadCpu() {}

    /** utime + stime in seconds of the matching threads alive now; NaN when there are no prefixes or no process. */
    public static double cpuSeconds(long pid, List<String> prefixes) {
        if (prefixes.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (prefixes.stream().anyMatch(p -> comm.startsWith(p.substring(0, Math.min(COMM_LENGTH, p.length()))))) {
                        total += ProcStat.cpuSeconds(stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return total;
    }
}
