package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.api.signalling.Message;
import org.parley.web.media.SignalSink;

/** A participant's socket: what reached it, in order. */
final class RecordingSink implements SignalSink {

    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @Override
    public void send(Message message) {
        received.add(message);
    }

    @Override
    public void mediaConnectionChanged(boolean connected) {
        received.add("media connected: " + connected);
    }

    Object next() throws InterruptedException {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(next, "nothing reached the participant within 10 s");
        return next;
    }

    void expect(Object expected) throws InterruptedException {
        assertEquals(expected, next());
    }
}
