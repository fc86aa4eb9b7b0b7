package org.parley.web.signalling;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/** Sockets closed because their browser fell {@value OutboundQueue#LIMIT} messages behind (1013), for metrics. */
@ApplicationScoped
public class SocketOverflows {

    private final LongAdder count = new LongAdder();

    void overflowed() {
        count.increment();
    }

    public long count() {
        return count.sum();
    }
}
