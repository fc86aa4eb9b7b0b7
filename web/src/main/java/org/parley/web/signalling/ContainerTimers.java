package org.parley.web.signalling;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on the container's default managed scheduler, whose threads the container owns and stops. */
@ApplicationScoped
public class ContainerTimers implements Timers {

    // Field injection: Jakarta Concurrency 3.0 (EE 10) offers managed executors through @Resource only.
    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Override
    public Future<?> schedule(Duration delay, Runnable task) {
        return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
