package org.parley.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.parley.bench.peer.PacketBuffer;
import org.parley.bench.peer.SrtpSession;
import org.parley.bench.peer.Trailer;

/**
 * The generator's one send thread: plays the clip for every publisher on its own schedule, stamps each packet
 * with its send time, encrypts it and sends it. A video frame's packets leave back to back, as libwebrtc's
 * pacer sends small frames.
 */
public final class Pacer implements AutoCloseable {

    private static final int MAX_VP8_CHUNK = 1100;

    private final MediaClip clip;
    private final List<Publisher> publishers = new CopyOnWriteArrayList<>();
    private final PacketBuffer tx = new PacketBuffer();
    private final ByteBuffer out = ByteBuffer.allocateDirect(PacketBuffer.CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MIN_VALUE;

    public Pacer(MediaClip clip) {
        this.clip = clip;
        thread = new Thread(this::loop, "bench-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    public void add(Publisher publisher) {
        long now = System.nanoTime();
        publisher.nextVideo = now;
        publisher.nextAudio = now + Publisher.AUDIO_INTERVAL / 2;
        publishers.add(publisher);
    }

    public void remove(Publisher publisher) {
        publishers.remove(publisher);
    }

    public void window(long start, long end) {
        publishers.forEach(p -> p.sentInWindow.set(0));
        windowStart = start;
        windowEnd = end;
    }

    private void loop() {
        while (running) {
            long now = System.nanoTime();
            long next = now + 5_000_000L;
            for (Publisher p : publishers) {
                if (!p.peer().isConnected()) {
                    continue;
                }
                if (now - p.nextVideo > 1_000_000_000L) { // fell far behind (pause): skip, don't burst
                    p.nextVideo = now;
                    p.nextAudio = now;
                }
                while (p.nextVideo <= now) {
                    sendFrame(p);
                    p.nextVideo += Publisher.VIDEO_INTERVAL;
                }
                while (p.nextAudio <= now) {
                    sendAudio(p);
                    p.nextAudio += Publisher.AUDIO_INTERVAL;
                }
                next = Math.min(next, Math.min(p.nextVideo, p.nextAudio));
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void sendFrame(Publisher p) {
        byte[] frame = clip.videoFrames().get(p.frameIndex);
        p.frameIndex = (p.frameIndex + 1) % clip.videoFrames().size();
        int picture = p.pictureId;
        p.pictureId = (p.pictureId + 1) & 0x7FFF;
        for (int at = 0; at < frame.length; at += MAX_VP8_CHUNK) {
            int chunk = Math.min(MAX_VP8_CHUNK, frame.length - at);
            boolean last = at + chunk >= frame.length;
            byte[] b = tx.getBuffer();
            int h = header(b, Publisher.VP8_PT, last, p.videoSeq, p.videoTimestamp, p.videoSsrc);
            p.videoSeq = (p.videoSeq + 1) & 0xFFFF;
            // RFC 7741 payload descriptor: X, S on a frame's first packet, PID 0; I with a 15-bit picture id.
            b[h] = (byte) (0x80 | (at == 0 ? 0x10 : 0));
            b[h + 1] = (byte) 0x80;
            b[h + 2] = (byte) (0x80 | (picture >>> 8));
            b[h + 3] = (byte) picture;
            System.arraycopy(frame, at, b, h + 4, chunk);
            send(p, h + 4 + chunk + Trailer.LENGTH);
        }
        p.videoTimestamp += 3000;
    }

    private void sendAudio(Publisher p) {
        byte[] opus = clip.audioPackets().get(p.audioIndex);
        p.audioIndex = (p.audioIndex + 1) % clip.audioPackets().size();
        byte[] b = tx.getBuffer();
        int h = header(b, Publisher.OPUS_PT, false, p.audioSeq, p.audioTimestamp, p.audioSsrc);
        p.audioSeq = (p.audioSeq + 1) & 0xFFFF;
        p.audioTimestamp += 960;
        System.arraycopy(opus, 0, b, h, opus.length);
        send(p, h + opus.length + Trailer.LENGTH);
    }

    private static int header(byte[] b, int pt, boolean marker, int seq, long timestamp, int ssrc) {
        b[0] = (byte) 0x80;
        b[1] = (byte) (pt | (marker ? 0x80 : 0));
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (timestamp >>> 24);
        b[5] = (byte) (timestamp >>> 16);
        b[6] = (byte) (timestamp >>> 8);
        b[7] = (byte) timestamp;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        return 12;
    }

    private void send(Publisher p, int length) {
        long sent = System.nanoTime();
        Trailer.write(tx.getBuffer(), length, sent);
        tx.setOffset(0);
        tx.setLength(length);
        SrtpSession keys = p.peer().outbound;
        if (keys == null || !keys.protect(tx)) {
            return;
        }
        out.clear();
        out.put(tx.getBuffer(), tx.getOffset(), tx.getLength());
        out.flip();
        InetSocketAddress to = p.peer().remote;
        try {
            p.peer().channel().send(out, to);
        } catch (IOException e) {
            return; // the socket was closed at the end of a scenario
        }
        p.sentTotal.incrementAndGet();
        if (sent >= windowStart && sent < windowEnd) {
            p.sentInWindow.incrementAndGet();
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
