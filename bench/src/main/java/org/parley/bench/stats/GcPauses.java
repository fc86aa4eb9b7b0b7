package org.parley.bench.stats;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stop-the-world pauses in a JVM's {@code -Xlog:gc} file, between two points in the file. */
public final class GcPauses {

    /** e.g. {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 40M->12M(256M) 3.456ms} */
    private static final Pattern PAUSE = Pattern.compile("Pause.*?([0-9]+\\.[0-9]+)ms");

    /** @param count pauses; @param maxMillis the longest; @param totalMillis all of them */
    public record Pauses(int count, double maxMillis, double totalMillis) {
        public static final Pauses NONE = new Pauses(0, Double.NaN, Double.NaN);
    }

    private GcPauses() {}

    /** Where the log ends now (0 when there is none yet). */
    public static long end(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The pauses logged from {@code from} (an earlier {@link #end}) to the end of the log. */
    public static Pauses since(Path log, long from) {
        String text;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            byte[] bytes = new byte[(int) Math.max(0, Math.min(Integer.MAX_VALUE, length - from))];
            file.seek(from);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Pauses.NONE;
        }
        int count = 0;
        double max = 0;
        double total = 0;
        Matcher m = PAUSE.matcher(text);
        while (m.find()) {
            double millis = Double.parseDouble(m.group(1));
            count++;
            max = Math.max(max, millis);
            total += millis;
        }
        return new Pauses(count, count == 0 ? 0 : max, total);
    }
}
