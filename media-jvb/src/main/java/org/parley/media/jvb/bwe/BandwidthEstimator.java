package org.parley.media.jvb.bwe;

/**
 * How much one subscriber's link carries, estimated at the server from that subscriber's transport-wide feedback
 * (send-side estimation in the spirit of Google Congestion Control, draft-ietf-rmcat-gcc-02):
 * <ul>
 *   <li>delay: {@link DelaySignal} says when queues grow; then the estimate drops to 85 % of what actually arrived;
 *       otherwise it grows by 8 % a second, but never past 1.5 times what arrives (it cannot know more);</li>
 *   <li>loss: over each second, more than 6 % lost cuts it by half the loss;</li>
 *   <li>probes: for a few tens of milliseconds the server sends faster than the estimate (padding on top of the
 *       media); the rate the packets of that period arrive at is what the link carries, up to the rate they left at,
 *       and the estimate rises to it (see {@link #startProbe});</li>
 *   <li>recovery: delay-based cuts that together take the estimate under two thirds of where it was are often a
 *       moment's stall (a busy receiver, cross traffic that has gone) rather than a slower link, so once the queues
 *       have drained the estimate asks for one probe at 85 % of where it was ({@link #recoveryProbeBps}), as
 *       libwebrtc's probe controller does after a large drop, instead of waiting for growth and the next scheduled
 *       probe. Cuts in a row count together: the first takes a watcher from the top layer, and with it most of what
 *       arrives, so the next, taken from what arrives, lands far lower.</li>
 * </ul>
 * Not thread-safe: the subscriber's receive thread (its feedback) and the probing task hand over through the
 * transport's lock.
 */
public final class BandwidthEstimator {

    public static final long START_BPS = 1_000_000L;
    public static final long MIN_BPS = 100_000L;
    public static final long MAX_BPS = 20_000_000L;

    private static final long DECREASE_INTERVAL_NANOS = 200_000_000L;
    private static final long LOSS_PERIOD_NANOS = 1_000_000_000L;
    private static final long ACKED_WINDOW_NANOS = 500_000_000L;
    /**
     * Loss above this cuts the estimate. Lower than GCC's 10 %: a full bottleneck queue holds delay high but steady
     * (no growth for the delay signal to see), and shows only as drops on top of the link's own loss.
     */
    private static final double LOSS_THRESHOLD = 0.06;
    /** Delay-based cuts in a row to below this share of where they began are a large drop, worth a recovery probe. */
    private static final double LARGE_DROP = 0.66;
    /**
     * Cuts this close to each other are in a row; a recovery probe is asked for only this soon after the last of them
     * (later, the link has shown what it carries), and at most once in this long: on a link that really is slow, drops
     * come often, and each probe fills its queue.
     */
    private static final long RECOVERY_WINDOW_NANOS = 5_000_000_000L;
    /** A probe whose feedback has not come in this long (feedback lost) is given up. */
    private static final long PROBE_TIMEOUT_NANOS = 2_000_000_000L;

    private final DelaySignal delay = new DelaySignal();
    private long estimate = START_BPS;
    private long lastUpdateNanos = -1;
    private long lastDecreaseNanos = -1;

    // What arrived in the current acknowledged-rate window.
    private long ackedWindowStart = -1;
    private long ackedWindowBytes;
    private long ackedBps;

    private long lossPeriodStart = -1;
    private int lostInPeriod;
    private int packetsInPeriod;

    // The probe under way: the sequence numbers sent during it (padding and media alike), and what arrived of them.
    private int probeFirst = -1;
    private long probeStartNanos;
    private int probeCount;
    private int probeReported;
    private long probeFirstArrival;
    private long probeLastArrival;
    private long probeFirstSend;
    private long probeLastSend;
    private long probeBytes;
    private long probeReceivedBytes;
    private int probeFirstSize;
    private boolean lastProbeFoundNoLimit;

    // Where the last delay-based cuts in a row began, and when the last of them came (-1: none since the queues last
    // drained and a recovery probe was asked about).
    private long beforeCutsBps;
    private long lastCutNanos = -1;
    private long lastRecoveryNanos = Long.MIN_VALUE / 2;
    /** When the last probe that filled the link's queue began (it arrived slower than it left, or left delay growing). */
    private long limitFoundNanos = Long.MIN_VALUE / 2;

    public long estimate() {
        return estimate;
    }

    /** What arrived lately, in bits per second (0 before the first half second of feedback). */
    public long ackedBps() {
        return ackedBps;
    }

    public DelaySignal.Usage usage() {
        return delay.usage();
    }

    /**
     * A probe starts with transport-wide sequence number {@code first}: everything sent from it on belongs to the probe
     * until {@link #endProbe}; its result comes with their feedback.
     */
    public void startProbe(int first, long nowNanos) {
        probeFirst = first;
        probeStartNanos = nowNanos;
        probeCount = 0x8000;
        probeReported = 0;
        probeBytes = 0;
        probeReceivedBytes = 0;
        probeFirstArrival = -1;
        probeFirstSend = -1;
    }

    /** The probe's last packet was {@code last}. */
    public void endProbe(int last) {
        if (probeFirst >= 0) {
            probeCount = ((last - probeFirst) & 0xFFFF) + 1;
        }
    }

    public boolean probing(long nowNanos) {
        if (probeFirst >= 0 && nowNanos - probeStartNanos > PROBE_TIMEOUT_NANOS) {
            probeFirst = -1;
        }
        return probeFirst >= 0;
    }

    /**
     * Whether the last probe arrived as fast as it left, well above the estimate it started from: the link carries
     * all it was asked and may carry more still, so the next probe, a multiple of the new estimate, may follow soon
     * (as libwebrtc's probe controller does). A probe that arrived slower found where the link ends.
     */
    public boolean lastProbeFoundNoLimit() {
        return lastProbeFoundNoLimit;
    }

    /**
     * The rate of a recovery probe, when one is due now: within {@link #RECOVERY_WINDOW_NANOS} of delay-based cuts
     * that took the estimate below two thirds of where they began, the queues drained (the delay signal normal
     * again), and none asked for in the window before; 0 otherwise. Once the queues have drained, asking takes it.
     */
    public long recoveryProbeBps(long nowNanos) {
        if (lastCutNanos < 0 || delay.usage() != DelaySignal.Usage.NORMAL) {
            return 0;
        }
        boolean due = nowNanos - lastCutNanos <= RECOVERY_WINDOW_NANOS && estimate < LARGE_DROP * beforeCutsBps
                && nowNanos - lastRecoveryNanos >= RECOVERY_WINDOW_NANOS;
        lastCutNanos = -1;
        if (!due) {
            return 0;
        }
        lastRecoveryNanos = nowNanos;
        return (long) (0.85 * beforeCutsBps);
    }

    /**
     * One packet the feedback reports on.
     *
     * @param sendNanos    when it was sent (the server's clock)
     * @param arrivalNanos when it arrived (the subscriber's clock, only differences matter)
     */
    public void onPacket(int sequence, boolean received, long sendNanos, long arrivalNanos, int size, long nowNanos) {
        packetsInPeriod++;
        if (!received) {
            lostInPeriod++;
        } else {
            delay.onPacket(sendNanos, arrivalNanos);
            if (ackedWindowStart < 0) {
                ackedWindowStart = arrivalNanos;
            }
            ackedWindowBytes += size;
            if (arrivalNanos - ackedWindowStart >= ACKED_WINDOW_NANOS) {
                ackedBps = ackedWindowBytes * 8 * 1_000_000_000L / (arrivalNanos - ackedWindowStart);
                ackedWindowStart = arrivalNanos;
                ackedWindowBytes = 0;
            }
        }
        if (probeFirst >= 0 && ((sequence - probeFirst) & 0xFFFF) < probeCount) {
            probeReported++;
            probeBytes += size;
            if (probeFirstSend < 0 || sendNanos < probeFirstSend) {
                probeFirstSend = sendNanos;
            }
            probeLastSend = Math.max(probeLastSend, sendNanos);
            if (received) {
                if (probeFirstArrival < 0) {
                    probeFirstArrival = arrivalNanos;
                    probeFirstSize = size;
                }
                probeLastArrival = Math.max(probeLastArrival, arrivalNanos);
                probeReceivedBytes += size;
            }
        }
    }

    /** After a feedback packet: moves the estimate. */
    public void update(long nowNanos) {
        if (lastUpdateNanos < 0) {
            lastUpdateNanos = nowNanos;
            lossPeriodStart = nowNanos;
            return;
        }
        double elapsed = Math.min((nowNanos - lastUpdateNanos) / 1e9, 1.0);
        lastUpdateNanos = nowNanos;
        finishProbe();
        switch (delay.usage()) {
            case OVERUSING -> {
                if (lastDecreaseNanos < 0 || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS) {
                    long base = ackedBps > 0 ? ackedBps : estimate;
                    long cut = Math.min(estimate, (long) (0.85 * base));
                    if (cut < estimate) {
                        if (lastCutNanos < 0 || nowNanos - lastCutNanos > RECOVERY_WINDOW_NANOS) {
                            // The first of a row. Soon after a probe filled the link's queue, that queue is what
                            // the delay signal sees: the link ends where the probe said, nothing to recover.
                            boolean probeFilledQueue = nowNanos - limitFoundNanos < RECOVERY_WINDOW_NANOS;
                            beforeCutsBps = probeFilledQueue ? 0 : estimate;
                        }
                        lastCutNanos = nowNanos;
                    }
                    estimate = cut;
                    lastDecreaseNanos = nowNanos;
                }
            }
            case NORMAL -> {
                long grown = (long) (estimate * Math.pow(1.08, elapsed));
                long ceiling = ackedBps > 0 ? (long) (1.5 * ackedBps) + 10_000 : grown;
                estimate = Math.max(estimate, Math.min(grown, ceiling));
            }
            case UNDERUSING -> {
                // Queues drain: hold until they have.
            }
        }
        if (nowNanos - lossPeriodStart >= LOSS_PERIOD_NANOS) {
            double loss = packetsInPeriod == 0 ? 0 : (double) lostInPeriod / packetsInPeriod;
            if (loss > LOSS_THRESHOLD) {
                estimate = (long) (estimate * (1 - 0.5 * loss));
            }
            lossPeriodStart = nowNanos;
            lostInPeriod = 0;
            packetsInPeriod = 0;
        }
        estimate = Math.max(MIN_BPS, Math.min(MAX_BPS, estimate));
    }

    /**
     * Once the probe is over and most of it reported: the link carries what arrived, up to what was sent. Arriving
     * slower than it left, the probe filled the link's queue, so its arrival rate is the link's rate (taken at 95 %,
     * as the queue it left must drain); arriving about as fast, the link carries at least the sending rate. The
     * estimate rises to that, never falls by it: the delay and loss signals do the lowering.
     */
    private void finishProbe() {
        if (probeFirst < 0 || probeCount == 0x8000 || probeReported < probeCount * 3 / 4) {
            return;
        }
        // Feedback tells arrival in 250 µs steps: a probe that arrived within one step came at least that fast.
        long arrivalSpan = Math.max(probeLastArrival - probeFirstArrival, 250_000L);
        long sendSpan = Math.max(probeLastSend - probeFirstSend, 250_000L);
        lastProbeFoundNoLimit = false;
        if (probeFirstArrival >= 0 && probeReported > 1) {
            long received = (probeReceivedBytes - probeFirstSize) * 8 * 1_000_000_000L / arrivalSpan;
            long sent = (probeBytes - probeFirstSize) * 8 * 1_000_000_000L / sendSpan;
            boolean overusing = delay.usage() == DelaySignal.Usage.OVERUSING;
            boolean queued = overusing || received < 0.9 * sent;
            if (queued) {
                limitFoundNanos = probeStartNanos;
            }
            if (!overusing) {
                long carried = queued ? (long) (0.95 * received) : Math.min(sent, received);
                // Small gains are the growth's to make.
                lastProbeFoundNoLimit = !queued && carried > 1.1 * estimate;
                estimate = Math.max(estimate, Math.min(carried, MAX_BPS));
            }
        }
        probeFirst = -1;
    }
}
