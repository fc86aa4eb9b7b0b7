package org.parley.media.jvb.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.media.jvb.rtp.HeaderRewrite;
import org.parley.media.spi.RtpCodec;
import org.parley.media.spi.RtpHeaderExtension;
import org.parley.media.spi.RtpParameters;

/**
 * Pairs a producer's codecs and header extensions with one subscriber's numbering of the same ones (see
 * {@link org.parley.media.spi.WebRtcTransport#consume(org.parley.media.spi.Producer, List, List)}): the
 * {@link HeaderRewrite} a consumer applies to every packet it sends.
 */
final class SubscriberNumbering {

    private SubscriberNumbering() {
    }

    /**
     * @throws IllegalArgumentException naming the first codec or extension that is not the producer's
     */
    static HeaderRewrite of(RtpParameters producer, List<RtpCodec> codecs, List<RtpHeaderExtension> extensions) {
        Map<Integer, Integer> payloadTypes = new HashMap<>();
        List<RtpCodec> unpaired = new ArrayList<>(producer.codecs());
        for (RtpCodec wanted : codecs) {
            if (!wanted.isRtx()) {
                payloadTypes.put(takeSame(unpaired, wanted, payloadTypes).payloadType(), wanted.payloadType());
            }
        }
        for (RtpCodec wanted : codecs) {
            if (wanted.isRtx()) {
                payloadTypes.put(takeSame(unpaired, wanted, payloadTypes).payloadType(), wanted.payloadType());
            }
        }
        Map<Integer, Integer> extensionIds = new HashMap<>();
        Set<Integer> subscriberIds = new HashSet<>();
        for (RtpHeaderExtension wanted : extensions) {
            RtpHeaderExtension own = producer.headerExtensions().stream()
                    .filter(e -> e.uri().equals(wanted.uri())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Header extension " + wanted.uri()
                            + " is not one the producer sends."));
            extensionIds.put(own.id(), wanted.id());
            subscriberIds.add(wanted.id());
        }
        int spare = spareId(subscriberIds);
        for (RtpHeaderExtension own : producer.headerExtensions()) {
            extensionIds.putIfAbsent(own.id(), spare); // negotiated by the publisher only: hidden from this subscriber
        }
        return new HeaderRewrite(payloadTypes, extensionIds, spare);
    }

    /**
     * The producer's codec that {@code wanted} renumbers: same name, clock rate and channels; for RTX, the one whose
     * media codec was paired with {@code wanted}'s.
     */
    private static RtpCodec takeSame(List<RtpCodec> unpaired, RtpCodec wanted, Map<Integer, Integer> paired) {
        for (RtpCodec own : unpaired) {
            boolean same = own.mimeSubtype().equalsIgnoreCase(wanted.mimeSubtype())
                    && own.clockRate() == wanted.clockRate() && own.channels() == wanted.channels()
                    && (!wanted.isRtx() || Integer.valueOf(apt(wanted)).equals(paired.get(apt(own))));
            if (same) {
                unpaired.remove(own);
                return own;
            }
        }
        throw new IllegalArgumentException("Codec " + wanted.mimeSubtype() + "/" + wanted.clockRate()
                + " (payload type " + wanted.payloadType() + ") is not one the producer sends.");
    }

    static int apt(RtpCodec rtx) {
        for (String parameter : rtx.fmtp().split(";")) {
            String[] kv = parameter.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase("apt")) {
                try {
                    return Integer.parseInt(kv[1].trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The highest one-byte extension id the subscriber does not use (14 if it uses them all). */
    private static int spareId(Set<Integer> used) {
        for (int id = 14; id >= 1; id--) {
            if (!used.contains(id)) {
                return id;
            }
        }
        return 14;
    }
}
