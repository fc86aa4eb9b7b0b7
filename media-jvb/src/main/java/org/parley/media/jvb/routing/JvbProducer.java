package org.parley.media.jvb.routing;

import java.util.Arrays;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.Producer;
import org.parley.media.spi.RtpParameters;

/**
 * A track one transport receives, and its fan-out: every media packet goes to each consumer whose transport is
 * connected, in that subscriber's numbering; a retransmission (RTX) goes only to the consumers that NACKed its
 * original packet. The consumer list
 * is a copy-on-write array, so forwarding takes no lock and allocates nothing.
 */
public final class JvbProducer implements Producer {

    private static final JvbConsumer[] NONE = new JvbConsumer[0];

    private final String id;
    private final JvbWebRtcTransport transport;
    private final RtpParameters parameters;
    private final int[] ssrcs;
    private final int mediaSsrcCount;
    private final KeyFrameLimiter keyFrames;

    private volatile JvbConsumer[] consumers = NONE;
    private volatile boolean closed; // written under this object's lock, with consumers
    private volatile boolean paused;

    JvbProducer(String id, JvbWebRtcTransport transport, RtpParameters parameters, int[] ssrcs) {
        this.id = id;
        this.transport = transport;
        this.parameters = parameters;
        this.ssrcs = ssrcs;
        this.mediaSsrcCount = TrackSsrcs.mediaCount(parameters);
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
        for (int i = 0; i < mediaSsrcCount; i++) {
            if (length + RtcpFeedback.PLI_LENGTH > RtcpScratch.SIZE) {
                transport.sendRtcp(scratch, 0, length);
                length = 0;
            }
            length += RtcpFeedback.writePli(scratch, length, transport.router().rtcpSsrc(), ssrcs[i]);
        }
        transport.sendRtcp(scratch, 0, length);
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

    /** Media SSRCs, then RTX SSRCs. Do not modify. */
    int[] ssrcs() {
        return ssrcs;
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
        if (paused) {
            return;
        }
        if (isRtx(ssrc)) {
            forwardRetransmission(ssrc, buffer, offset, length);
            return;
        }
        for (JvbConsumer consumer : consumers) {
            consumer.sendRtp(ssrc, buffer, offset, length);
        }
    }

    /**
     * A retransmission goes to the consumers that asked for its original packet. RTX nobody asked for (the
     * publisher's padding and probing for its own link, or answers to requests that expired) goes nowhere.
     */
    private void forwardRetransmission(int ssrc, byte[] buffer, int offset, int length) {
        int original = RtpHeader.originalSequenceNumber(buffer, offset, length);
        if (original < 0) {
            return;
        }
        long now = transport.router().nanoClock().getAsLong();
        for (JvbConsumer consumer : consumers) {
            if (consumer.asked(original, now)) {
                consumer.sendRtp(ssrc, buffer, offset, length);
            }
        }
    }

    private boolean isRtx(int ssrc) {
        for (int i = mediaSsrcCount; i < ssrcs.length; i++) {
            if (ssrcs[i] == ssrc) {
                return true;
            }
        }
        return false;
    }

    /** Packet path: RTCP about this track (its sender report) to every connected consumer. */
    void forwardRtcp(byte[] buffer, int offset, int length) {
        if (paused) {
            return;
        }
        for (JvbConsumer consumer : consumers) {
            consumer.transport().sendRtcp(buffer, offset, length);
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
