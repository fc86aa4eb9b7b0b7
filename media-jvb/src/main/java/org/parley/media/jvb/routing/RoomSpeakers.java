package org.parley.media.jvb.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.media.jvb.speech.AudioLevel;
import org.parley.media.jvb.speech.DominantSpeaker;
import org.parley.media.spi.SpeakerListener;

/**
 * Who speaks in one room: each interval, every participant's loudness (the loudest of their audio tracks) goes into
 * {@link DominantSpeaker}; a change is told to the listener, and participants are ranked by how recently they spoke
 * for the subscribers' allocations (read on any thread). The router's delayer thread only, but for the ranks.
 */
final class RoomSpeakers {

    private final DominantSpeaker dominantSpeaker = new DominantSpeaker();
    private final SpeakerListener listener;
    /** Participant → 0 for the dominant speaker, then 1, 2… by how recently they spoke. Replaced whole. */
    private volatile Map<String, Integer> ranks = Map.of();

    RoomSpeakers(SpeakerListener listener) {
        this.listener = listener;
    }

    /** One interval; returns the new dominant speaker, or null when it did not change. */
    String update(Iterable<JvbWebRtcTransport> transports) {
        Map<String, Double> loudness = new HashMap<>();
        for (JvbWebRtcTransport transport : transports) {
            for (JvbProducer producer : transport.producersNow()) {
                AudioLevel level = producer.audioLevel();
                if (level != null) {
                    loudness.merge(transport.participantId(), level.takeMean(), Math::max);
                }
            }
        }
        String changed = dominantSpeaker.update(loudness);
        List<String> recent = dominantSpeaker.recentSpeakers();
        if (changed != null || recent.size() != ranks.size()) {
            Map<String, Integer> updated = new HashMap<>();
            for (int i = 0; i < recent.size(); i++) {
                updated.put(recent.get(i), i);
            }
            ranks = Map.copyOf(updated);
        }
        if (changed != null) {
            listener.onDominantSpeaker(changed);
        }
        return changed;
    }

    /** 0 for the dominant speaker, then by how recently each spoke; {@link Integer#MAX_VALUE} for who never did. */
    int rankOf(String participantId) {
        Integer rank = ranks.get(participantId);
        return rank == null ? Integer.MAX_VALUE : rank;
    }
}
