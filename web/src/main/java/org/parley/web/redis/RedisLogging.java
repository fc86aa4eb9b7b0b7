package org.parley.web.redis;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Redisson and Netty log connection-pool chatter at INFO (through SLF4J, which reaches the server's log): they log at
 * WARNING unless the operator configured their level, so outages and errors still show and nothing else does.
 */
final class RedisLogging {

    /** Held, so the levels set stay set (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.redisson"), Logger.getLogger("io.netty"));

    private RedisLogging() {}

    static void quiet() {
        for (Logger logger : QUIETED) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
