package org.parley.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** The hottest methods of a JFR recording: by self time (top frame) and by inclusive time (anywhere on the stack). */
final class JfrSummary {

    /** Top frames that mean the thread is waiting, not working. */
    private static final Set<String> IDLE = Set.of("sun.nio.ch.EPoll.wait", "sun.nio.fs.LinuxWatchService.poll",
            "sun.nio.ch.DatagramChannelImpl.receive0", "jdk.internal.misc.Unsafe.park", "java.lang.Object.wait0",
            "java.lang.Object.wait", "java.lang.Thread.sleep", "java.lang.Thread.sleep0",
            "sun.nio.ch.Net.poll", "sun.nio.ch.Net.accept", "sun.nio.ch.SocketDispatcher.read0");

    private JfrSummary() {}

    static String markdown(Path recording, int top, List<String> mediaThreadPrefixes) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> media = new HashMap<>();
        int mediaSamples = 0;
        int samples = 0;
        int idle = 0;
        int collections = 0;
        double pausedMillis = 0;
        double longestPauseMillis = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                // Stop-the-world pauses hold every packet that arrives meanwhile: the usual source of the delay tail.
                collections++;
                pausedMillis += event.getDuration("sumOfPauses").toNanos() / 1e6;
                longestPauseMillis = Math.max(longestPauseMillis, event.getDuration("longestPause").toNanos() / 1e6);
                continue;
            }
            boolean nativeSample = type.equals("jdk.NativeMethodSample");
            if (!type.equals("jdk.ExecutionSample") && !nativeSample || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty() || IDLE.contains(name(frames.get(0)))) {
                idle++;
                continue;
            }
            if (!frames.isEmpty()) {
                self.merge((nativeSample ? "[native] " : "") + name(frames.get(0)), 1, Integer::sum);
            }
            samples++;
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String n = name(frame);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
            var thread = event.getThread("sampledThread");
            String threadName0 = thread == null ? "?" : thread.getJavaName();
            if (threadName0 != null && mediaThreadPrefixes.stream().anyMatch(threadName0::startsWith)) {
                mediaSamples++;
                for (String n : seen) {
                    media.merge(n, 1, Integer::sum);
                }
            }
            String threadName = threadName0 == null ? "?" : threadName0.replaceAll("[0-9]+", "#");
            threads.merge(threadName + (nativeSample ? " [in native]" : ""), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d busy samples: jdk.ExecutionSample (threads running Java) and "
                + "jdk.NativeMethodSample (threads in native code such as the send syscall, marked [native]); "
                + "%d samples of threads waiting (epoll, blocking receive, park) left out.%n%n", samples, idle));
        s.append(String.format(Locale.ROOT, "Garbage collections during the recording: %d, paused %.0f ms in all, "
                + "longest pause %.0f ms.%n%n", collections, pausedMillis, longestPauseMillis));
        table(s, "Self (top frame)", self, samples, top);
        table(s, "Inclusive (on the stack)", inclusive, samples, top);
        table(s, "By thread (numbers folded)", threads, samples, top);
        table(s, "Media threads only (the media port's readers and the fan-out workers: receive, decrypt, fan-out, "
                + "send), inclusive, "
                + mediaSamples + " samples", media, mediaSamples, top);
        return s.toString();
    }

    private static void table(StringBuilder s, String title, Map<String, Integer> counts, int samples, int top) {
        s.append("#### ").append(title).append("\n\n| % of samples | method |\n|---|---|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> s.append(String.format(Locale.ROOT, "| %.1f | `%s` |%n",
                        100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
        s.append('\n');
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
