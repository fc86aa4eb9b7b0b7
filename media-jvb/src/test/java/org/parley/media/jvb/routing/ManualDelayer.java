package org.parley.media.jvb.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A {@link Delayer} on a test's clock: tasks run only when the test calls {@link #runDue}. */
final class ManualDelayer implements Delayer {

    private record Task(long dueNanos, Runnable task) {}

    private final LongSupplier nanoClock;
    private final List<Task> waiting = new ArrayList<>();

    ManualDelayer(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void runAfter(long delayNanos, Runnable task) {
        waiting.add(new Task(nanoClock.getAsLong() + delayNanos, task));
    }

    /** Runs, in order, every task due by the clock's current time; returns how many ran. */
    int runDue() {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = waiting.stream().filter(t -> t.dueNanos() <= nanoClock.getAsLong())
                        .min((a, b) -> Long.compare(a.dueNanos(), b.dueNanos())).orElse(null);
                if (next == null) {
                    return ran;
                }
                waiting.remove(next);
            }
            next.task().run();
            ran++;
        }
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    /** How long until the earliest waiting task is due. */
    synchronized long nanosUntilNext() {
        return waiting.stream().mapToLong(Task::dueNanos).min().orElseThrow() - nanoClock.getAsLong();
    }
}
