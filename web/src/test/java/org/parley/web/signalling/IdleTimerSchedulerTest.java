package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.core.BaseContainer;
import org.junit.jupiter.api.Test;

/** Against the real Tyrus classes Payara runs (the same release): the field the swap relies on is where it is. */
class IdleTimerSchedulerTest {

    @Test
    void tyrusTimersMoveOffTheContainersManagedSchedulerAndStopWithTheApplication() throws Exception {
        ClientManager tyrus = ClientManager.createClient();
        ScheduledExecutorService managed = Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(task, "managed-stand-in"));
        try {
            standInForTheManagedScheduler(tyrus, managed);
            assertSame(managed, tyrus.getScheduledExecutorService(), "the stand-in is what Tyrus would use");

            IdleTimerScheduler listener = new IdleTimerScheduler();
            ServletContextEvent event = new ServletContextEvent(contextHolding(tyrus));
            listener.contextInitialized(event);

            ScheduledExecutorService used = tyrus.getScheduledExecutorService();
            assertNotSame(managed, used);
            assertTrue(IdleTimerScheduler.isParleys(used));
            String thread = used.schedule(() -> Thread.currentThread().getName(), 0, TimeUnit.MILLISECONDS)
                    .get(10, TimeUnit.SECONDS);
            assertEquals("parley-websocket-idle-timers", thread);

            listener.contextDestroyed(event);
            assertTrue(used.isShutdown(), "Parley's timer thread ends with the application");
            assertDoesNotThrow(() -> used.schedule(() -> { }, 0, TimeUnit.MILLISECONDS),
                    "a frame sent while the application stops re-arms nothing, and does not fail");
        } finally {
            managed.shutdownNow();
            tyrus.shutdown();
        }
    }

    @Test
    void anotherWebSocketRuntimeIsLeftAsItIs() {
        IdleTimerScheduler listener = new IdleTimerScheduler();
        ServletContextEvent notTyrus = new ServletContextEvent(contextHolding(new Object()));
        ServletContextEvent none = new ServletContextEvent(contextHolding(null));
        assertDoesNotThrow(() -> {
            listener.contextInitialized(notTyrus);
            listener.contextInitialized(none);
            listener.contextDestroyed(none);
        });
    }

    private static void standInForTheManagedScheduler(BaseContainer tyrus, ExecutorService managed) throws Exception {
        Field field = BaseContainer.class.getDeclaredField("managedScheduledExecutorService");
        field.setAccessible(true);
        field.set(tyrus, managed);
    }

    private static ServletContext contextHolding(Object container) {
        return (ServletContext) Proxy.newProxyInstance(IdleTimerSchedulerTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute")
                            && ServerContainer.class.getName().equals(args[0])) {
                        return container;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
