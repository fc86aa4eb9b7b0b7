package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.TestPackets;
import org.parley.media.jvb.rtcp.RtcpHeader;
import org.parley.media.jvb.rtcp.TransportFeedback;
import org.parley.media.jvb.routing.RoutingFixture.Participant;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/** Transport-wide feedback to a publisher: what reached the server, and when, by transport-wide sequence number. */
class PublisherFeedbackTest {

    private static final int TWCC_ID = 5;

    private final RoutingFixture fixture = new RoutingFixture();
    private final JvbRouter room = fixture.router("room-1");
    private final Participant alice = fixture.join(room, "alice").connected();

    private record Arrival(int sequence, boolean received, long arrivalNanos) {}

    @Test
    void thePublisherLearnsWhichPacketsArrivedAndWhen() {
        RtpParameters video = RoutingFixture.video(0xA1, 0xA2);
        alice.transport().produce(new RtpParameters(video.kind(), video.codecs(), video.encodings(),
                List.of(new RtpHeaderExtension(TWCC_ID, RtpHeaderExtension.TRANSPORT_CC)), "s", "t", "c"));
        for (int sequence : new int[] {65_534, 65_535, 1, 2}) { // 0 is lost; the numbers wrap
            alice.wire().receiveRtp(TestPackets.rtpWithExtension(0xA1, 96, sequence, TWCC_ID,
                    new byte[] {(byte) (sequence >> 8), (byte) sequence}, new byte[] {1}));
            fixture.advanceMillis(10);
        }
        fixture.advanceMillis(200);
        fixture.delayer.runDue();

        List<Arrival> arrivals = new ArrayList<>();
        for (byte[] compound : alice.wire().sentRtcp) {
            if (RtcpHeader.packetType(compound, 0) == RtcpHeader.RTPFB && RtcpHeader.count(compound, 0) == TransportFeedback.FMT) {
                assertTrue(TransportFeedback.read(compound, 0, (s, r, a) -> arrivals.add(new Arrival(s, r, a))));
            }
        }
        assertEquals(List.of(65_534, 65_535, 0, 1, 2), arrivals.stream().map(Arrival::sequence).toList());
        assertEquals(List.of(true, true, false, true, true), arrivals.stream().map(Arrival::received).toList());
        assertEquals(30_000_000L, arrivals.get(4).arrivalNanos() - arrivals.get(0).arrivalNanos(), 250_000,
                "arrival times 10 ms apart, to the 250 µs step");
    }
}
