package org.parley.web.signalling;

/**
 * Runs a WebSocket send with a context class loader that sees no resources. Tyrus re-arms its idle timer for every
 * frame on the container's managed scheduler, and Payara captures thread context for each such task by scanning
 * META-INF/services through the thread's context class loader: every jar of the WAR and of the runtime, about a
 * millisecond per frame. With a heartbeat ping to every socket, that was a fifth of the server's CPU in a room of a
 * hundred (JFR, bench fan-out 100). Nothing in a send loads classes through the context class loader.
 */
final class LeanSendContext {

    /** A loader that delegates to the bootstrap loader only: service look-ups through it find nothing, at once. */
    private static final ClassLoader NOTHING_TO_SCAN = new ClassLoader(null) { };

    @FunctionalInterface
    interface Send<E extends Exception> {
        void run() throws E;
    }

    private LeanSendContext() {}

    static <E extends Exception> void send(Send<E> send) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(NOTHING_TO_SCAN);
        try {
            send.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
