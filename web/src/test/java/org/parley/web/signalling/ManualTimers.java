package org.parley.web.signalling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** {@link Timers} that fire only when the test says so. */
final class ManualTimers implements Timers {

    record Scheduled(Duration delay, FutureTask<?> task) {}

    final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public synchronized Future<?> schedule(Duration delay, Runnable task) {
        FutureTask<?> future = new FutureTask<>(task, null);
        scheduled.add(new Scheduled(delay, future));
        return future;
    }

    /** Runs every timer not cancelled, as if their time had come; returns how many ran. */
    int fireAll() {
        List<Scheduled> due;
        synchronized (this) {
            due = List.copyOf(scheduled);
            scheduled.clear();
        }
        int ran = 0;
        for (Scheduled timer : due) {
            if (!timer.task().isCancelled()) {
                timer.task().run();
                ran++;
            }
        }
        return ran;
    }

    synchronized long pending() {
        return scheduled.stream().filter(s -> !s.task().isCancelled()).count();
    }
}
