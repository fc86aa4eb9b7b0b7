package org.parley.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The generator's one receive thread: reads every peer's socket, answers the server's ICE checks, passes DTLS
 * to the handshakes, decrypts SRTP and records delay for packets sent inside the current {@link Window}.
 */
public final class PeerHub implements AutoCloseable {

    private static final long CONSENT_INTERVAL = TimeUnit.SECONDS.toNanos(2);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final byte[] scratch = new byte[2048];
    private final Thread thread;
    private volatile boolean running = true;
    private Window window;
    private long lastConsentSweep;

    public PeerHub() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::loop, "bench-hub");
        thread.setDaemon(true);
        thread.start();
    }

    public void add(Peer peer) {
        run(() -> {
            try {
                peer.channel.register(selector, SelectionKey.OP_READ, peer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).join();
    }

    public void remove(Peer peer) {
        run(() -> {
            SelectionKey key = peer.channel.keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            peer.close();
        }).join();
    }

    /** Starts counting packets whose send time falls in [start, end). */
    public void open(Window next) {
        run(() -> window = next).join();
    }

    /** Stops counting and hands the window over (call after the grace time for late packets). */
    public Window close(Window current) {
        run(() -> {
            if (window == current) {
                window = null;
            }
        }).join();
        return current;
    }

    private CompletableFuture<Void> run(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return done;
    }

    private void loop() {
        while (running) {
            try {
                selector.select(20);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        drain((DatagramChannel) key.channel(), (Peer) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            keepConsent();
        }
    }

    private void drain(DatagramChannel channel, Peer peer) throws IOException {
        for (int i = 0; i < 64; i++) {
            in.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(in);
            if (from == null) {
                return;
            }
            in.flip();
            int length = in.remaining();
            in.get(scratch, 0, length);
            handle(peer, from, length);
        }
    }

    private void handle(Peer peer, InetSocketAddress from, int length) {
        int first = scratch[0] & 0xFF;
        if (Stun.isStun(scratch, length)) {
            int type = Stun.type(scratch);
            if (type == 0x0001) {
                peer.onRemoteCheck();
                byte[] request = java.util.Arrays.copyOf(scratch, length);
                peer.sendQuietly(Stun.bindingSuccess(request, from, peer.localPassword), from);
            } else if (type == 0x0101) {
                peer.onStunResponse(scratch);
            }
        } else if (first >= 20 && first <= 63) {
            peer.dtlsIn.offer(java.util.Arrays.copyOf(scratch, length));
        } else if (first >= 128 && first <= 191 && length >= 12) {
            int pt = scratch[1] & 0xFF;
            if (pt >= 192 && pt <= 223) {
                return; // SRTCP (key frame requests, reports): not measured
            }
            onRtp(peer, length);
        }
    }

    private void onRtp(Peer peer, int length) {
        SrtpSession keys = peer.inbound;
        if (keys == null) {
            return;
        }
        PacketBuffer packet = peer.rx.load(scratch, 0, length);
        long now = System.nanoTime();
        Window current = window;
        if (!keys.unprotect(packet)) {
            if (current != null) {
                current.rejected++;
            }
            return;
        }
        long sent = Trailer.read(packet.getBuffer(), packet.getOffset() + packet.getLength());
        if (sent == Long.MIN_VALUE) {
            return;
        }
        if (peer.firstMediaNanos == 0) {
            peer.firstMediaNanos = now;
        }
        if (current != null && current.covers(sent)) {
            current.packets++;
            current.bytes += length;
            current.delay.record((now - sent) / 1000);
        }
    }

    private void keepConsent() {
        long now = System.nanoTime();
        if (now - lastConsentSweep < CONSENT_INTERVAL / 4) {
            return;
        }
        lastConsentSweep = now;
        for (SelectionKey key : selector.keys()) {
            Peer peer = (Peer) key.attachment();
            if (key.isValid() && peer.isIce() && peer.isConnected() && now - peer.lastConsentNanos > CONSENT_INTERVAL) {
                peer.sendCheck();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }
}
