package org.parley.media.jvb.routing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.media.jvb.JvbBackend;
import org.parley.media.spi.MediaKind;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;
import org.parley.media.spi.TransportState;

/** A backend over fake secure transports, a controllable clock, and participants made from them. */
final class RoutingFixture {

    final FakeSecureTransportFactory wires = new FakeSecureTransportFactory();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final JvbBackend backend = new JvbBackend(wires, nanos::get, FanOutLanes.INLINE);
    /** Delayed work of routers made by {@link #router}: runs only when a test says so. */
    final ManualDelayer delayer = new ManualDelayer(nanos::get);

    /** One participant: the SPI transport, its fake wire, and the states its listener saw. */
    record Participant(JvbWebRtcTransport transport, FakeSecureTransport wire, List<TransportState> states) {

        Participant connected() {
            wire.reach(TransportState.CONNECTING);
            wire.reach(TransportState.CONNECTED);
            return this;
        }
    }

    /** A router on this fixture's clock and {@link #delayer}, outside the backend. */
    JvbRouter router(String roomId) {
        return new JvbRouter(roomId, wires, nanos::get, 0x5EED, router -> {}, delayer);
    }

    /** The same, whose large fan-outs run over {@code lanes}. */
    JvbRouter router(String roomId, FanOutLanes lanes) {
        return new JvbRouter(roomId, wires, nanos::get, 0x5EED, router -> {}, delayer, lanes);
    }

    Participant join(JvbRouter router, String participantId) {
        List<TransportState> states = new CopyOnWriteArrayList<>();
        JvbWebRtcTransport transport = router.createWebRtcTransport(participantId, (t, s) -> states.add(s));
        return new Participant(transport, wires.of(transport), states);
    }

    void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    static RtpParameters video(long ssrc, long rtxSsrc) {
        return new RtpParameters(MediaKind.VIDEO,
                List.of(new RtpCodec(96, "VP8", 90000, 0, "", List.of("nack", "nack pli", "ccm fir")),
                        new RtpCodec(97, "rtx", 90000, 0, "apt=96", List.of())),
                List.of(new RtpEncoding(ssrc, rtxSsrc)),
                List.of(new RtpHeaderExtension(3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")),
                "client-stream", "camera", "cname-" + ssrc);
    }

    static RtpParameters audio(long ssrc) {
        return new RtpParameters(MediaKind.AUDIO,
                List.of(new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of())),
                List.of(new RtpEncoding(ssrc, 0)),
                List.of(new RtpHeaderExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level")),
                "client-stream", "mic", "cname-" + ssrc);
    }
}
