package org.parley.media.jvb.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.media.jvb.rtp.Bytes;

class TransportFeedbackTest {

    private record Packet(int sequence, boolean received, long arrivalNanos) {}

    private static List<Packet> read(byte[] feedback) {
        List<Packet> packets = new ArrayList<>();
        assertTrue(TransportFeedback.read(feedback, 0, (sequence, received, arrival) ->
                packets.add(new Packet(sequence, received, arrival))));
        return packets;
    }

    @Test
    void whatIsWrittenReadsBackWithLossesSmallAndLargeDeltasAndLongRuns() {
        long[] arrivals = new long[60];
        long t = 5_000_000_000L;
        for (int i = 0; i < arrivals.length; i++) {
            t += i == 30 ? 90_000_000L : 1_000_000L; // one gap of 90 ms: a two-byte delta
            arrivals[i] = i >= 10 && i < 26 || i == 45 ? -1 : t; // 16 lost in a row (a run), one alone
        }
        byte[] buffer = new byte[1500];

        int length = TransportFeedback.write(buffer, 0, buffer.length, 0x5EED, 0x1234, 65_530, arrivals, arrivals.length, 7);

        assertTrue(length > 0 && length % 4 == 0);
        assertEquals(RtcpHeader.RTPFB, RtcpHeader.packetType(buffer, 0));
        assertEquals(TransportFeedback.FMT, RtcpHeader.count(buffer, 0));
        assertEquals(length, RtcpHeader.lengthInBytes(buffer, 0));
        assertEquals(7, buffer[19]);
        List<Packet> packets = read(Arrays.copyOf(buffer, length));
        assertEquals(60, packets.size());
        long firstArrival = packets.get(0).arrivalNanos();
        for (int i = 0; i < arrivals.length; i++) {
            Packet packet = packets.get(i);
            assertEquals((65_530 + i) & 0xFFFF, packet.sequence(), "sequence numbers wrap");
            assertEquals(arrivals[i] >= 0, packet.received(), "packet " + i);
            if (arrivals[i] >= 0) {
                long sent = arrivals[i] - arrivals[0];
                long read = packet.arrivalNanos() - firstArrival;
                assertTrue(Math.abs(sent - read) < 250_000, "arrival of " + i + " within one 250 µs step");
            }
        }
    }

    /** A hand-made packet: a run of three received, then a 2-bit vector (received, lost, received with a large delta). */
    @Test
    void readsEachChunkKind() {
        byte[] feedback = new byte[32];
        RtcpHeader.write(feedback, 0, TransportFeedback.FMT, RtcpHeader.RTPFB, 32);
        Bytes.writeShort(feedback, 12, 100);
        Bytes.writeShort(feedback, 14, 6);
        Bytes.writeInt(feedback, 16, 2 << 8 | 1); // reference 2 × 64 ms
        Bytes.writeShort(feedback, 20, 0x2000 | 3); // run of three "small delta"
        Bytes.writeShort(feedback, 22, 0xC000 | 1 << 12 | 0 << 10 | 2 << 8); // 2-bit vector: 01 00 10
        feedback[24] = 4;                            // +1 ms
        feedback[25] = 40;                           // +10 ms
        feedback[26] = 0;                            // +0
        feedback[27] = 4;                            // +1 ms
        Bytes.writeShort(feedback, 28, -8);          // −2 ms

        List<Packet> packets = read(feedback);

        assertEquals(List.of(100, 101, 102, 103, 104, 105), packets.stream().map(Packet::sequence).toList());
        assertEquals(List.of(true, true, true, true, false, true), packets.stream().map(Packet::received).toList());
        long base = 128_000_000L;
        assertEquals(base + 1_000_000, packets.get(0).arrivalNanos());
        assertEquals(base + 11_000_000, packets.get(1).arrivalNanos());
        assertEquals(base + 11_000_000, packets.get(2).arrivalNanos());
        assertEquals(base + 12_000_000, packets.get(3).arrivalNanos());
        assertEquals(base + 10_000_000, packets.get(5).arrivalNanos());
    }

    @Test
    void aTruncatedPacketIsMalformed() {
        long[] arrivals = {1_000_000, 2_000_000, 3_000_000};
        byte[] buffer = new byte[64];
        int length = TransportFeedback.write(buffer, 0, buffer.length, 1, 2, 0, arrivals, 3, 0);
        RtcpHeader.write(buffer, 0, TransportFeedback.FMT, RtcpHeader.RTPFB, 20); // says: no chunks at all

        assertTrue(length > 20);
        assertFalse(TransportFeedback.read(buffer, 0, (s, r, a) -> { }));
    }
}
