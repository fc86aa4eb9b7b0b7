package org.parley.media.jvb.transport;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * jitsi-srtp logs its cipher benchmark and library loading at INFO on every start: the media libraries log at WARNING
 * unless the operator configured their level (a level set in the server's logging configuration is kept).
 */
final class LibraryLogging {

    /** Held, so the levels set stay set (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.jitsi"));

    private LibraryLogging() {}

    static void quiet() {
        for (Logger logger : QUIETED) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
