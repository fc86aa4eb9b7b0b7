package org.parley.media.jvb.bwe;

/**
 * Whether the path to a subscriber is filling up, from the growth of one-way delay (the delay-based half of Google
 * Congestion Control, draft-ietf-rmcat-gcc-02 §5, in the form libwebrtc's trendline filter gives it): packets are
 * grouped into bursts sent within 5 ms, and a burst takes in the packets that arrive bunched right behind it (within
 * 5 ms, sooner than they were sent apart): a receiver that stalls for a moment and then reads its backlog at once
 * has not seen a queue grow, and a busy machine must not pass for a full link. The difference between the gaps at
 * which bursts arrived and were sent is accumulated and smoothed; the slope of a least-squares line through the last {@value #WINDOW} points says whether
 * queues grow, compared with a threshold that adapts to the path's own jitter.
 *
 * <p>Not thread-safe: fed from the subscriber's receive thread (its feedback) only.
 */
public final class DelaySignal {

    public enum Usage { NORMAL, OVERUSING, UNDERUSING }

    static final int WINDOW = 20;
    private static final long BURST_NANOS = 5_000_000L;
    /** A burst of bunched arrivals spans at most this long (libwebrtc's bound too). */
    private static final long MAX_BURST_NANOS = 100_000_000L;
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4.0;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double OVERUSE_MILLIS = 10;

    // The burst being gathered and the one before it.
    private long burstFirstSend = -1;
    private long burstLastSend;
    private long burstLastArrival;
    private long burstFirstArrival;
    private long previousLastSend = -1;
    private long previousLastArrival;

    private double accumulatedDelay;
    private double smoothedDelay;
    private final double[] times = new double[WINDOW];
    private final double[] delays = new double[WINDOW];
    private int points;
    private int deltas;
    private long firstArrival = -1;

    private double threshold = 12.5;
    private long lastThresholdUpdate = -1;
    private double previousTrend;
    private double overusingMillis;
    private int overuseCount;
    private Usage usage = Usage.NORMAL;

    Usage usage() {
        return usage;
    }

    /** One packet that arrived: when it was sent and when it arrived (any time base each, nanoseconds). */
    void onPacket(long sendNanos, long arrivalNanos) {
        if (burstFirstSend < 0) {
            startBurst(sendNanos, arrivalNanos);
            return;
        }
        if (sendNanos < burstFirstSend) {
            return; // reordered from an earlier burst
        }
        if (sendNanos - burstFirstSend <= BURST_NANOS || arrivedBunched(sendNanos, arrivalNanos)) {
            burstLastSend = Math.max(burstLastSend, sendNanos);
            burstLastArrival = Math.max(burstLastArrival, arrivalNanos);
            return;
        }
        if (previousLastSend >= 0) {
            double sendDelta = (burstLastSend - previousLastSend) / 1e6;
            double arrivalDelta = (burstLastArrival - previousLastArrival) / 1e6;
            update(arrivalDelta - sendDelta, sendDelta, burstLastArrival);
        }
        previousLastSend = burstLastSend;
        previousLastArrival = burstLastArrival;
        startBurst(sendNanos, arrivalNanos);
    }

    /** Arrived within {@link #BURST_NANOS} of the burst's last packet, and sooner after it than it was sent. */
    private boolean arrivedBunched(long sendNanos, long arrivalNanos) {
        long arrivalDelta = arrivalNanos - burstLastArrival;
        long sendDelta = sendNanos - burstLastSend;
        return arrivalDelta - sendDelta < 0 && arrivalDelta <= BURST_NANOS
                && arrivalNanos - burstFirstArrival < MAX_BURST_NANOS;
    }

    private void startBurst(long sendNanos, long arrivalNanos) {
        burstFirstSend = sendNanos;
        burstLastSend = sendNanos;
        burstLastArrival = arrivalNanos;
        burstFirstArrival = arrivalNanos;
    }

    private void update(double delayMillis, double sendDeltaMillis, long arrivalNanos) {
        if (firstArrival < 0) {
            firstArrival = arrivalNanos;
        }
        deltas = Math.min(deltas + 1, 1000);
        accumulatedDelay += delayMillis;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
        int slot = points % WINDOW;
        times[slot] = (arrivalNanos - firstArrival) / 1e6;
        delays[slot] = smoothedDelay;
        points++;
        if (points < WINDOW) {
            return;
        }
        double trend = slope() * Math.min(deltas, 60) * GAIN;
        detect(trend, sendDeltaMillis, arrivalNanos);
    }

    /** Least-squares slope of smoothed delay over arrival time, in the window. */
    private double slope() {
        double meanTime = 0;
        double meanDelay = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanTime += times[i];
            meanDelay += delays[i];
        }
        meanTime /= WINDOW;
        meanDelay /= WINDOW;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WINDOW; i++) {
            numerator += (times[i] - meanTime) * (delays[i] - meanDelay);
            denominator += (times[i] - meanTime) * (times[i] - meanTime);
        }
        return denominator == 0 ? 0 : numerator / denominator;
    }

    private void detect(double trend, double sendDeltaMillis, long nowNanos) {
        if (trend > threshold) {
            overusingMillis += overusingMillis == 0 ? sendDeltaMillis / 2 : sendDeltaMillis;
            overuseCount++;
            if (overusingMillis > OVERUSE_MILLIS && overuseCount > 1 && trend >= previousTrend) {
                overusingMillis = 0;
                overuseCount = 0;
                usage = Usage.OVERUSING;
            }
        } else if (trend < -threshold) {
            overusingMillis = 0;
            overuseCount = 0;
            usage = Usage.UNDERUSING;
        } else {
            overusingMillis = 0;
            overuseCount = 0;
            usage = Usage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(trend, nowNanos);
    }

    private void adaptThreshold(double trend, long nowNanos) {
        if (lastThresholdUpdate < 0) {
            lastThresholdUpdate = nowNanos;
        }
        double magnitude = Math.abs(trend);
        if (magnitude > threshold + 15) {
            lastThresholdUpdate = nowNanos; // a spike: do not let it drag the threshold up
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double elapsedMillis = Math.min((nowNanos - lastThresholdUpdate) / 1e6, 100);
        threshold = Math.max(6, Math.min(600, threshold + k * (magnitude - threshold) * elapsedMillis));
        lastThresholdUpdate = nowNanos;
    }
}
