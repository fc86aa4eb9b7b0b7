package org.parley.media.jvb.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.parley.media.jvb.rtp.HeaderExtensions;
import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpEncoding;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * The tracks of one transport with encodings announced without SSRCs, waiting to learn them from packets under an
 * unknown SSRC: a packet whose MID header extension names a waiting track's mid (when that track has one) belongs to
 * it; its RID (or, for a retransmission, its repaired RID) names the layer, and an RTX payload type makes it the
 * layer's retransmission stream. A copy-on-write array, read without a lock on the receive thread.
 */
final class UnannouncedEncodings {

    private record Waiting(JvbProducer producer, int midId, byte[] mid, int ridId, int repairedRidId, byte[][] rids,
                           boolean[] rtxPayloadTypes) {

        /** The slot this packet would fill, or -1: not this track's, or that slot is known already. */
        int slotOf(byte[] buffer, int offset, int length) {
            if (midId > 0 && !HeaderExtensions.carries(buffer, offset, length, midId, mid)) {
                return -1;
            }
            boolean rtx = rtxPayloadTypes[RtpHeader.payloadType(buffer, offset)];
            int encodings = rids.length;
            int index = 0;
            if (rids[0].length > 0) {
                index = -1;
                int id = rtx && repairedRidId > 0 ? repairedRidId : ridId;
                for (int i = 0; i < encodings && index < 0; i++) {
                    if (HeaderExtensions.carries(buffer, offset, length, id, rids[i])) {
                        index = i;
                    }
                }
                if (index < 0) {
                    return -1; // no rid, or one that was not negotiated
                }
            }
            int slot = rtx ? encodings + index : index;
            return producer.slots()[slot] == 0 && producer.possibleSlots()[slot] ? slot : -1;
        }
    }

    private static final Waiting[] NONE = new Waiting[0];

    private volatile Waiting[] waiting = NONE;

    /** Starts waiting for the producer's unannounced encodings (none: nothing to do). */
    synchronized void add(JvbProducer producer) {
        if (!producer.learnsAny()) {
            return;
        }
        RtpParameters parameters = producer.rtpParameters();
        boolean[] rtx = new boolean[128];
        for (RtpCodec codec : parameters.codecs()) {
            rtx[codec.payloadType() & 0x7F] = codec.isRtx();
        }
        byte[][] rids = parameters.encodings().stream().map(RtpEncoding::rid)
                .map(rid -> rid.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        int midId = parameters.mid().isEmpty() ? 0 : idOf(parameters, RtpHeaderExtension.MID);
        Waiting[] updated = Arrays.copyOf(waiting, waiting.length + 1);
        updated[waiting.length] = new Waiting(producer, midId, parameters.mid().getBytes(StandardCharsets.US_ASCII),
                idOf(parameters, RtpHeaderExtension.RID), idOf(parameters, RtpHeaderExtension.REPAIRED_RID), rids, rtx);
        waiting = updated;
    }

    synchronized void remove(JvbProducer producer) {
        waiting = Arrays.stream(waiting).filter(w -> w.producer() != producer).toArray(Waiting[]::new);
    }

    /**
     * The slot of a waiting producer this valid RTP packet would fill, as {@code producerIndex << 16 | slot}, or -1.
     * Receive thread; allocates nothing.
     */
    long claim(byte[] buffer, int offset, int length) {
        Waiting[] current = waiting;
        if (current.length == 0 || !RtpHeader.isValid(buffer, offset, length)) {
            return -1;
        }
        for (int i = 0; i < current.length; i++) {
            int slot = current[i].slotOf(buffer, offset, length);
            if (slot >= 0) {
                return (long) i << 16 | slot;
            }
        }
        return -1;
    }

    /** The producer of a {@link #claim}, or null when the waiting list changed since. */
    JvbProducer producerOf(long claim) {
        Waiting[] current = waiting;
        int index = (int) (claim >>> 16);
        return index < current.length ? current[index].producer() : null;
    }

    private static int idOf(RtpParameters parameters, String uri) {
        return parameters.headerExtensions().stream().filter(e -> e.uri().equals(uri))
                .mapToInt(RtpHeaderExtension::id).findFirst().orElse(0);
    }
}
