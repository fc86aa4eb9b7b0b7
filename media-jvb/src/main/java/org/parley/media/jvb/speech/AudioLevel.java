package org.parley.media.jvb.speech;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How loud one audio track was since it was last asked, from the level its sender writes into each packet (RFC 6464:
 * 0 to 127, in -dBov, 0 the loudest). Written by the publisher's receive thread, read by the room's speaker task:
 * one atomic word holds the packet count and the summed loudness, so neither side locks or allocates.
 */
public final class AudioLevel {

    /** Quieter than -70 dBov counts as silence: comfort noise, a quiet room's hum. */
    static final int SILENCE = 70;

    private final AtomicLong window = new AtomicLong();

    /** Packet path: the level byte of one packet (the voice activity bit is ignored). */
    public void onPacket(int levelByte) {
        int loudness = Math.max(0, SILENCE - (levelByte & 0x7F));
        window.addAndGet(1L << 32 | loudness);
    }

    /**
     * The mean loudness (dB above silence) of the packets since the last call, 0 when none came; starts a new window.
     */
    public double takeMean() {
        long taken = window.getAndSet(0);
        long packets = taken >>> 32;
        return packets == 0 ? 0 : (taken & 0xFFFF_FFFFL) / (double) packets;
    }
}
