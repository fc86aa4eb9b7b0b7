package org.parley.web.signalling;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives the WebSocket runtime (Tyrus, in Payara) a plain scheduler for its idle timers. Tyrus re-arms a session's idle
 * timer for every frame sent or received, pongs included, on the container's managed scheduler; Payara captures
 * thread context for each such task by scanning every jar's {@code META-INF/services} through the thread's context
 * class loader: about a millisecond of the signalling threads per frame, a sixth of their time during joins (JFR,
 * bench fan-out 100), and with heartbeat pongs from a thousand watchers, a third of a core. The timers need no
 * context: they only close a session that stayed idle past its {@code maxIdleTimeout}, which Parley leaves unset
 * (its own {@link Heartbeat} finds silent sockets).
 *
 * <p>Tyrus offers no setting for this, so the container's managed scheduler is replaced once, at deployment, before
 * any session exists (sessions take the scheduler when they open). On another WebSocket runtime, or a Tyrus whose
 * fields differ, nothing changes and one line says so.
 */
@WebListener
public class IdleTimerScheduler implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(IdleTimerScheduler.class.getName());
    private static final String TYRUS_CONTAINER = "org.glassfish.tyrus.core.BaseContainer";
    private static final String MANAGED_SCHEDULER_FIELD = "managedScheduledExecutorService";

    private ScheduledThreadPoolExecutor scheduler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        Field field = managedSchedulerField(container);
        if (field == null) {
            LOG.info("WebSocket idle timers stay on the runtime's scheduler: it is not Tyrus ("
                    + (container == null ? "no container" : container.getClass().getName()) + ")");
            return;
        }
        scheduler = newScheduler();
        try {
            field.setAccessible(true);
            field.set(container, scheduler);
            LOG.fine("WebSocket idle timers run on Parley's own scheduler");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "WebSocket idle timers stay on the container's managed scheduler", e);
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whether Tyrus runs its timers on Parley's scheduler (for tests against the real Tyrus classes). */
    static boolean isParleys(ScheduledExecutorService scheduler) {
        return scheduler instanceof ScheduledThreadPoolExecutor pool
                && pool.getThreadFactory() instanceof IdleTimerThreads;
    }

    private static Field managedSchedulerField(Object container) {
        for (Class<?> type = container == null ? null : container.getClass(); type != null;
             type = type.getSuperclass()) {
            if (type.getName().equals(TYRUS_CONTAINER)) {
                try {
                    Field field = type.getDeclaredField(MANAGED_SCHEDULER_FIELD);
                    return ScheduledExecutorService.class.isAssignableFrom(field.getType()) ? field : null;
                } catch (NoSuchFieldException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        // One thread: a re-armed timer is a queue operation; cancelled timers leave the queue at once. Frames sent
        // after the application stopped (goodbyes at shutdown) re-arm nothing rather than fail.
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, new IdleTimerThreads(),
                new ThreadPoolExecutor.DiscardPolicy());
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static final class IdleTimerThreads implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "parley-websocket-idle-timers");
            thread.setDaemon(true);
            return thread;
        }
    }
}
