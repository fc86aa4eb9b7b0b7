package org.parley.bench.media;

import java.util.concurrent.atomic.AtomicLong;
import org.parley.bench.peer.Peer;

/**
 * One sender's two streams: VP8 at 30 frames/s (RFC 7741 packetization, picture id, marker on the last packet of
 * a frame) and Opus at 50 packets/s, one frame per packet. State is the pacer thread's, except the counters.
 */
public final class Publisher {

    static final int VP8_PT = 96;
    static final int OPUS_PT = 111;
    static final long VIDEO_INTERVAL = 1_000_000_000L / 30;
    static final long AUDIO_INTERVAL = 20_000_000L;

    final Peer peer;
    final int videoSsrc;
    final int audioSsrc;
    int videoSeq;
    int audioSeq;
    long videoTimestamp;
    long audioTimestamp;
    int frameIndex;
    int audioIndex;
    int pictureId;
    long nextVideo;
    long nextAudio;
    /** Packets sent inside the open window (for loss). */
    final AtomicLong sentInWindow = new AtomicLong();
    final AtomicLong sentTotal = new AtomicLong();

    public Publisher(Peer peer, int videoSsrc, int audioSsrc) {
        this.peer = peer;
        this.videoSsrc = videoSsrc;
        this.audioSsrc = audioSsrc;
    }

    public Peer peer() {
        return peer;
    }

    public long sentInWindow() {
        return sentInWindow.get();
    }

    public long sentTotal() {
        return sentTotal.get();
    }
}
