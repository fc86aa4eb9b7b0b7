package org.parley.media.jvb.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.parley.media.jvb.rtp.HeaderExtensions;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * The tracks of one transport that were announced without SSRCs and still wait for one: a packet under an unknown
 * SSRC whose MID header extension names a waiting track's mid is that track's, its retransmissions when the payload
 * type is one of the track's RTX types. A copy-on-write array, read without a lock on the receive thread.
 */
final class MidStreams {

    private record Waiting(JvbProducer producer, int extensionId, byte[] mid, boolean[] rtxPayloadTypes) {

        boolean isRtx(int payloadType) {
            return rtxPayloadTypes[payloadType & 0x7F];
        }
    }

    private static final Waiting[] NONE = new Waiting[0];

    private volatile Waiting[] waiting = NONE;

    /** Starts waiting for the producer's unannounced streams (none: nothing to do). */
    synchronized void add(JvbProducer producer) {
        RtpParameters parameters = producer.rtpParameters();
        if (!producer.learns(false) && !producer.learns(true)) {
            return;
        }
        int extensionId = parameters.headerExtensions().stream().filter(e -> e.uri().equals(RtpHeaderExtension.MID))
                .mapToInt(RtpHeaderExtension::id).findFirst().orElseThrow();
        boolean[] rtx = new boolean[128];
        for (RtpCodec codec : parameters.codecs()) {
            rtx[codec.payloadType() & 0x7F] = codec.isRtx();
        }
        Waiting[] updated = Arrays.copyOf(waiting, waiting.length + 1);
        updated[waiting.length] = new Waiting(producer, extensionId, parameters.mid().getBytes(StandardCharsets.US_ASCII), rtx);
        waiting = updated;
    }

    synchronized void remove(JvbProducer producer) {
        waiting = Arrays.stream(waiting).filter(w -> w.producer() != producer).toArray(Waiting[]::new);
    }

    /** The waiting producer this valid RTP packet belongs to, or null. Receive thread; allocates nothing. */
    JvbProducer claimant(byte[] buffer, int offset, int length) {
        Waiting match = match(buffer, offset, length);
        return match == null ? null : match.producer();
    }

    /** Whether the packet's payload type is an RTX type of its claimant. */
    boolean isRtx(byte[] buffer, int offset, int length) {
        Waiting match = match(buffer, offset, length);
        return match != null && match.isRtx(RtpHeader.payloadType(buffer, offset));
    }

    private Waiting match(byte[] buffer, int offset, int length) {
        Waiting[] current = waiting;
        if (current.length == 0 || !RtpHeader.isValid(buffer, offset, length)) {
            return null;
        }
        for (Waiting candidate : current) {
            boolean rtx = candidate.isRtx(RtpHeader.payloadType(buffer, offset));
            if (candidate.producer().learns(rtx)
                    && HeaderExtensions.carries(buffer, offset, length, candidate.extensionId(), candidate.mid())) {
                return candidate;
            }
        }
        return null;
    }
}
