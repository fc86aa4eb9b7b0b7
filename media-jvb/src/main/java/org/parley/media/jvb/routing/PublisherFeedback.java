package org.parley.media.jvb.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.media.jvb.rtcp.RtcpFeedback;
import org.parley.media.jvb.rtcp.RtcpReports;
import org.parley.media.spi.MediaKind;

/**
 * The server's own feedback to a publisher, about the publisher's link to the server and nothing else: a receiver
 * report on what arrived of each of its streams and a REMB saying how much the server takes (every
 * {@link #INTERVAL_NANOS}), transport-wide feedback on when each packet arrived (every
 * {@link ArrivalFeedback#INTERVAL_NANOS}, where transport-cc was negotiated), and on the same beat the NACKs due
 * again for packets lost on its link (see {@link JvbProducer#requestMissing}). One exception: a microphone's block
 * carries its subscribers' worst audio loss, for Opus FEC (see {@link #reportSubscribersAudioLoss}). Subscribers' reports end at the server,
 * so one subscriber's poor link does not make the publisher send worse video to everyone; each subscriber gets the
 * layer its own link carries instead.
 *
 * <p>Starts {@link #FIRST_REPORT_NANOS} after the transport connects, on the router's delayer. The first REMB arrives
 * while libwebrtc still trusts it over its own slow start, so a publisher sends its upper simulcast layers within
 * seconds.
 */
final class PublisherFeedback {

    static final long FIRST_REPORT_NANOS = 200_000_000L;
    static final long INTERVAL_NANOS = 1_000_000_000L;
    /** What one participant may send the server in all: three camera layers and a screen share fit. */
    static final long MAX_INCOMING_BITRATE = 6_000_000L;
    /** 20 % (of 256): beyond that, more FEC would cost the voice more than it saves. */
    static final int MAX_AUDIO_LOSS_REPORTED = 51;
    /** A subscriber's report older than this (it left, or stopped reporting) no longer counts. */
    static final long SUBSCRIBER_REPORT_MAX_AGE_NANOS = 5_000_000_000L;

    private final JvbWebRtcTransport transport;
    private final ArrivalFeedback arrivals;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The delayer thread only. */
    private final byte[] buffer = new byte[RtcpReports.RECEIVER_REPORT_BLOCKS + RtcpReports.MAX_BLOCKS * RtcpReports.BLOCK_LENGTH
            + 20 + 4 * RtcpReports.MAX_BLOCKS];
    private final int[] mediaSsrcs = new int[RtcpReports.MAX_BLOCKS];

    PublisherFeedback(JvbWebRtcTransport transport, long originNanos) {
        this.transport = transport;
        this.arrivals = new ArrivalFeedback(originNanos);
    }

    /** Starts reporting (once; later calls do nothing). */
    void start() {
        if (started.compareAndSet(false, true)) {
            transport.router().delayer().runAfter(FIRST_REPORT_NANOS, this::reportAndRepeat);
            transport.router().delayer().runAfter(FIRST_REPORT_NANOS, this::feedBackAndRepeat);
        }
    }

    /** Packet path: a packet with transport-wide sequence number {@code sequence} arrived now. */
    void arrived(int sequence, long nowNanos) {
        arrivals.arrived(sequence, nowNanos);
    }

    private void feedBackAndRepeat() {
        if (transport.isClosed()) {
            return;
        }
        long now = transport.router().nanoClock().getAsLong();
        int mediaSsrc = 0;
        for (JvbProducer producer : transport.producersNow()) {
            producer.requestMissing(now);
            if (mediaSsrc == 0 && producer.slots()[0] != 0) {
                mediaSsrc = producer.slots()[0];
            }
        }
        int length = mediaSsrc == 0 ? 0 : arrivals.write(transport.router().rtcpSsrc(), mediaSsrc);
        if (length > 0) {
            transport.sendRtcp(arrivals.packet(), 0, length);
        }
        transport.router().delayer().runAfter(ArrivalFeedback.INTERVAL_NANOS, this::feedBackAndRepeat);
    }

    private void reportAndRepeat() {
        if (transport.isClosed()) {
            return;
        }
        send();
        transport.router().delayer().runAfter(INTERVAL_NANOS, this::reportAndRepeat);
    }

    /**
     * Audio is the exception to "each side hears of its own link": the block about a microphone reports the worst
     * loss among its subscribers (if higher than the publisher's own, at most {@link #MAX_AUDIO_LOSS_REPORTED}), so
     * that Opus adds in-band FEC for them. Audio is not retransmitted; FEC is its only repair, and it costs a few
     * kbit/s.
     */
    private void reportSubscribersAudioLoss(JvbProducer producer, int block, long now) {
        int own = buffer[block + 4] & 0xFF;
        int subscribers = producer.worstSubscriberLoss(now, SUBSCRIBER_REPORT_MAX_AGE_NANOS, MAX_AUDIO_LOSS_REPORTED);
        buffer[block + 4] = (byte) Math.max(own, subscribers);
    }

    /** One compound packet: an RR with a block per stream that has arrived, then a REMB; nothing if none arrived. */
    void send() {
        List<JvbProducer> producers = transport.producersNow();
        long now = transport.router().nanoClock().getAsLong();
        int blocks = 0;
        int at = RtcpReports.RECEIVER_REPORT_BLOCKS;
        for (JvbProducer producer : producers) {
            int[] slots = producer.slots();
            for (int layer = 0; layer < producer.layerCount() && blocks < RtcpReports.MAX_BLOCKS; layer++) {
                if (slots[layer] != 0 && producer.reception(layer).hasReceived()) {
                    int block = at;
                    at += producer.reception(layer).writeBlock(buffer, at, slots[layer], now);
                    mediaSsrcs[blocks++] = slots[layer];
                    if (producer.kind() == MediaKind.AUDIO) {
                        reportSubscribersAudioLoss(producer, block, now);
                    }
                }
            }
        }
        if (blocks == 0) {
            return;
        }
        RtcpReports.writeReceiverReportHeader(buffer, 0, transport.router().rtcpSsrc(), blocks);
        at += RtcpFeedback.writeRemb(buffer, at, transport.router().rtcpSsrc(), MAX_INCOMING_BITRATE, mediaSsrcs, blocks);
        transport.sendRtcp(buffer, 0, at);
    }
}
