package org.parley.media.jvb.transport;

/**
 * The threads this backend starts (receiving, fan-out, timers, handshakes): daemons that carry their own send
 * scratch, so the packet path needs no thread-local look-up and leaves none of Parley's objects behind on an
 * application server's own threads when the application is undeployed.
 */
public final class MediaThread extends Thread {

    private SendPath.Scratch sendScratch;

    public MediaThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    /** This thread's scratch for {@link SendPath}; only this thread asks for it. */
    SendPath.Scratch sendScratch() {
        SendPath.Scratch scratch = sendScratch;
        if (scratch == null) {
            scratch = new SendPath.Scratch();
            sendScratch = scratch;
        }
        return scratch;
    }
}
