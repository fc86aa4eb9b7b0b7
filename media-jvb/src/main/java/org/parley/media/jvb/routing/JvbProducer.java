package org.parley.media.jvb.routing;

import java.util.Arrays;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtp.Bytes;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpParameters;

/**
 * A track one transport receives, and its fan-out: every media packet goes to each consumer whose transport is
 * connected, in that subscriber's numbering; a retransmission (RTX) goes only to the consumers that NACKed its
 * original packet. The track's SSRCs sit in slots (see {@link TrackSsrcs}); a consumer sends each slot under an SSRC
 * of its own, so a slot learned late changes nothing for subscribers. Consumers and slots are copy-on-write arrays,
 * so forwarding takes no lock and allocates nothing.
 */
public final class JvbProducer implements Producer {

    private static final JvbConsumer[] NONE = new JvbConsumer[0];

    private final String id;
    private final JvbWebRtcTransport transport;
    private final RtpParameters parameters;
    /** Media SSRC of each encoding, then RTX of each; 0 where none is known. Replaced whole when one is learned. */
    private volatile int[] slots;
    private final boolean[] possibleSlots;
    private final int encodingCount;
    private final KeyFrameLimiter keyFrames;

    private volatile JvbConsumer[] consumers = NONE;
    private volatile boolean closed; // written under this object's lock, with consumers
    private volatile boolean paused;

    JvbProducer(String id, JvbWebRtcTransport transport, RtpParameters parameters, int[] slots) {
        this.id = id;
        this.transport = transport;
        this.parameters = parameters;
        this.slots = slots;
        this.possibleSlots = TrackSsrcs.possible(parameters);
        this.encodingCount = parameters.encodings().size();
        JvbRouter router = transport.router();
        // Held-back requests are sent later on the router's delayer, in the router's name.
        this.keyFrames = new KeyFrameLimiter(router.nanoClock(), KeyFrameLimiter.DEFAULT_INTERVAL_NANOS,
                router.delayer(), this::sendKeyFrameRequest);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String participantId() {
        return transport.participantId();
    }

    @Override
    public MediaKind kind() {
        return parameters.kind();
    }

    @Override
    public RtpParameters rtpParameters() {
        return parameters;
    }

    /**
     * Sends a PLI for each media SSRC to the publisher, at most once per rate-limit interval (one held back is sent
     * when the interval ends). No-op for audio.
     */
    @Override
    public void requestKeyFrame() {
        if (closed || kind() != MediaKind.VIDEO || !keyFrames.tryPass()) {
            return;
        }
        sendKeyFrameRequest();
    }

    private void sendKeyFrameRequest() {
        if (closed) {
            return;
        }
        byte[] scratch = RtcpScratch.get();
        int length = 0;
        int[] current = slots;
        for (int i = 0; i < encodingCount; i++) {
            if (current[i] == 0) {
                continue; // not learned yet: its first packets are a key frame anyway
            }
            if (length + RtcpFeedback.PLI_LENGTH > RtcpScratch.SIZE) {
                transport.sendRtcp(scratch, 0, length);
                length = 0;
            }
            length += RtcpFeedback.writePli(scratch, length, transport.router().rtcpSsrc(), current[i]);
        }
        if (length > 0) {
            transport.sendRtcp(scratch, 0, length);
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        if (paused) {
            paused = false;
            requestKeyFrame();
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void close() {
        JvbConsumer[] detached;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            detached = consumers;
            consumers = NONE;
        }
        transport.forget(this);
        for (JvbConsumer consumer : detached) {
            consumer.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Open consumers, for tests and load reporting. */
    public int consumerCount() {
        return consumers.length;
    }

    JvbWebRtcTransport transport() {
        return transport;
    }

    /** Media SSRC of each encoding, then RTX of each, 0 where none is known. Do not modify. */
    int[] slots() {
        return slots;
    }

    /** Which slots can ever carry a stream (known, or to be learned). */
    boolean[] possibleSlots() {
        return possibleSlots;
    }

    /** The slot {@code ssrc} is in, or -1. Packet path. */
    int slotOf(int ssrc) {
        int[] current = slots;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == ssrc && ssrc != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Learns {@code ssrc} into the first free slot of its kind (media, or RTX when {@code rtx}) that is to be learned.
     *
     * @return the slot, or -1 when none is free
     */
    synchronized int learn(int ssrc, boolean rtx) {
        int[] current = slots;
        for (int i = rtx ? encodingCount : 0; i < (rtx ? current.length : encodingCount); i++) {
            if (current[i] == 0 && possibleSlots[i]) {
                int[] updated = current.clone();
                updated[i] = ssrc;
                slots = updated;
                return i;
            }
        }
        return -1;
    }

    /** Whether a slot of this kind is still to be learned. */
    boolean learns(boolean rtx) {
        int[] current = slots;
        for (int i = rtx ? encodingCount : 0; i < (rtx ? current.length : encodingCount); i++) {
            if (current[i] == 0 && possibleSlots[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets a key frame request from a receiver through to the publisher, unless one passed moments ago (then one is
     * sent in the router's name when the interval ends) or the track is audio.
     */
    boolean admitsKeyFrameRequest() {
        return kind() == MediaKind.VIDEO && keyFrames.tryPass();
    }

    /** Packet path: one RTP packet of this track, sent under {@code ssrc}, to the consumers it is for. */
    void forwardRtp(int ssrc, byte[] buffer, int offset, int length) {
        int slot = slotOf(ssrc);
        if (paused || slot < 0) {
            return;
        }
        if (slot >= encodingCount) {
            forwardRetransmission(slot, buffer, offset, length);
            return;
        }
        for (JvbConsumer consumer : consumers) {
            consumer.sendRtp(slot, buffer, offset, length);
        }
    }

    /**
     * A retransmission goes to the consumers that asked for its original packet. RTX nobody asked for (the
     * publisher's padding and probing for its own link, or answers to requests that expired) goes nowhere.
     */
    private void forwardRetransmission(int slot, byte[] buffer, int offset, int length) {
        int original = RtpHeader.originalSequenceNumber(buffer, offset, length);
        if (original < 0) {
            return;
        }
        long now = transport.router().nanoClock().getAsLong();
        for (JvbConsumer consumer : consumers) {
            if (consumer.asked(original, now)) {
                consumer.sendRtp(slot, buffer, offset, length);
            }
        }
    }

    /**
     * Packet path: this track's sender report for {@code ssrc} (one RTCP packet whose sender SSRC is at {@code offset
     * + 4}, in a scratch buffer that may be changed) to every consumer, each under its own SSRC for that stream.
     */
    void forwardSenderReport(int ssrc, byte[] scratch, int offset, int length) {
        int slot = slotOf(ssrc);
        if (paused || slot < 0) {
            return;
        }
        for (JvbConsumer consumer : consumers) {
            Bytes.writeInt(scratch, offset + 4, consumer.ssrcOf(slot));
            consumer.transport().sendRtcp(scratch, offset, length);
        }
    }

    /** Adds a consumer unless this producer is closed. */
    synchronized boolean attach(JvbConsumer consumer) {
        if (closed) {
            return false;
        }
        JvbConsumer[] updated = Arrays.copyOf(consumers, consumers.length + 1);
        updated[consumers.length] = consumer;
        consumers = updated;
        return true;
    }

    synchronized void detach(JvbConsumer consumer) {
        JvbConsumer[] current = consumers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == consumer) {
                JvbConsumer[] updated = new JvbConsumer[current.length - 1];
                System.arraycopy(current, 0, updated, 0, i);
                System.arraycopy(current, i + 1, updated, i, current.length - i - 1);
                consumers = updated;
                return;
            }
        }
    }
}
