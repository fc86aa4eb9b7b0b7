package org.parley.web.signalling;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/** The container's default managed executor, for work that must not run on the caller's thread. */
@ApplicationScoped
public class ContainerExecutor implements Executor {

    // Field injection: Jakarta Concurrency 3.0 (EE 10) offers managed executors through @Resource only.
    @Resource
    private ManagedExecutorService executor;

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }
}
