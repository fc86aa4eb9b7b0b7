package org.parley.media.jvb.speech;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who speaks most in a room, decided every {@link #INTERVAL_NANOS} from each participant's loudness. Each one's
 * activity is a moving average of its loudness, so a cough or a door does not take the floor, and a challenger must
 * be clearly louder than the current speaker ({@link #MARGIN}) for {@value #CONFIRMATIONS} intervals in a row, so two
 * people talking over each other do not make the view flicker. When everyone falls silent the last speaker keeps the
 * floor. Also keeps who spoke most recently, for last-N. The room's speaker task only (not thread-safe).
 */
public final class DominantSpeaker {

    public static final long INTERVAL_NANOS = 300_000_000L;
    /** Below this activity (dB above silence, averaged) nobody is speaking. */
    static final double MIN_ACTIVITY = 6;
    static final double MARGIN = 1.25;
    static final int CONFIRMATIONS = 2;
    /** Weight of the newest interval in the moving average. */
    private static final double SMOOTHING = 0.5;

    private final Map<String, Double> activity = new HashMap<>();
    /** Participants who have held the floor, the most recent first. */
    private final List<String> recent = new ArrayList<>();
    private String current;
    private String challenger;
    private int confirmations;

    /**
     * One interval: the mean loudness of each participant in the room now (those missing have left).
     *
     * @return the new dominant speaker when it changed, otherwise null
     */
    public String update(Map<String, Double> loudness) {
        activity.keySet().retainAll(loudness.keySet());
        recent.retainAll(loudness.keySet());
        if (current != null && !loudness.containsKey(current)) {
            current = null;
        }
        String loudest = null;
        for (Map.Entry<String, Double> entry : loudness.entrySet()) {
            double previous = activity.getOrDefault(entry.getKey(), 0.0);
            double now = previous + SMOOTHING * (entry.getValue() - previous);
            activity.put(entry.getKey(), now);
            if (loudest == null || now > activity.get(loudest)) {
                loudest = entry.getKey();
            }
        }
        if (loudest == null || loudest.equals(current) || activity.get(loudest) < MIN_ACTIVITY) {
            challenger = null;
            return null;
        }
        double held = current == null ? 0 : activity.get(current);
        if (activity.get(loudest) < held * MARGIN) {
            challenger = null;
            return null;
        }
        confirmations = loudest.equals(challenger) ? confirmations + 1 : 1;
        challenger = loudest;
        if (current != null && confirmations < CONFIRMATIONS) {
            return null;
        }
        current = loudest;
        challenger = null;
        recent.remove(loudest);
        recent.add(0, loudest);
        return loudest;
    }

    /** Who holds the floor, or null before anyone spoke. */
    public String current() {
        return current;
    }

    /** Participants who held the floor, the most recent first. */
    public List<String> recentSpeakers() {
        return Collections.unmodifiableList(recent);
    }
}
