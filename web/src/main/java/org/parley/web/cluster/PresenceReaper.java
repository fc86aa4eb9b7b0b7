package org.parley.web.cluster;

import java.util.function.Supplier;
import java.util.logging.Logger;
import org.parley.web.signalling.SignallingService;

/**
 * Finds signalling nodes that died without a word (killed, a machine lost) and takes their occupants over, so
 * nobody stays "present" for ever in a room whose socket died with its node: each becomes away, then leaves on the
 * usual schedule unless they come back. Their media sessions go with them (media nodes drop sessions whose
 * signalling node is dead: {@link MediaNodeWorker#reapOrphans}). Run every second or so on every signalling node;
 * one node claims each dead one.
 */
final class PresenceReaper {

    private static final Logger LOG = Logger.getLogger(PresenceReaper.class.getName());

    private final RedisPresenceIndex index;
    private final Supplier<SignallingService> signalling;

    PresenceReaper(RedisPresenceIndex index, Supplier<SignallingService> signalling) {
        this.index = index;
        this.signalling = signalling;
    }

    void reap() {
        for (String dead : index.deadNodes()) {
            if (!index.claim(dead)) {
                continue; // another node took it
            }
            int taken = 0;
            boolean failed = false;
            for (String entry : index.heldBy(dead)) {
                String[] held = RedisPresenceIndex.parse(entry);
                if (held.length == 2) {
                    try {
                        signalling.get().takeOver(held[0], held[1], dead);
                        taken++;
                    } catch (RuntimeException e) {
                        failed = true; // Redis away: the whole node is tried again (taking over twice does nothing)
                    }
                }
            }
            if (failed) {
                index.retryLater(dead);
                continue;
            }
            index.forget(dead);
            int count = taken;
            LOG.info(() -> "Signalling node " + dead + " is gone: took over the " + count + " participants it held");
        }
    }
}
