package org.parley.media.jvb.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The estimator on simulated links: packets sent at a steady rate through a bottleneck of a given capacity (a queue
 * that drains at that rate), with feedback every 100 ms, as a subscriber's browser would send it.
 */
class BandwidthEstimatorTest {

    private static final int SIZE = 1200;
    private static final long MS = 1_000_000L;

    /** A sender at {@code sendBps} into a link of {@code capacityBps}, for {@code seconds}; every {@code lossEvery}th packet lost (0: none). */
    private static final class Link {
        final BandwidthEstimator estimator = new BandwidthEstimator();
        long now;
        long queueFreeAt;
        int sequence;
        /** Packets the bottleneck's queue holds at most before it drops (drop-tail); 0: unbounded. */
        int queuePackets;
        /** A receiver that stops reading for {@code stallNanos} every {@code stallEveryNanos}, then reads its backlog at once. */
        long stallEveryNanos;
        long stallNanos;

        void run(long sendBps, long capacityBps, double seconds, int lossEvery) {
            long gap = SIZE * 8 * 1_000_000_000L / sendBps;
            long end = now + (long) (seconds * 1e9);
            long nextFeedback = now + 100 * MS;
            while (now < end) {
                sendOne(capacityBps, lossEvery);
                now += gap;
                if (now >= nextFeedback) {
                    estimator.update(now);
                    nextFeedback += 100 * MS;
                }
            }
        }

        void sendOne(long capacityBps, int lossEvery) {
            long transmit = SIZE * 8 * 1_000_000_000L / capacityBps;
            boolean queueFull = queuePackets > 0 && queueFreeAt - now >= queuePackets * transmit;
            long arrival = Math.max(now, queueFreeAt) + transmit + 20 * MS;
            if (!queueFull) {
                queueFreeAt = Math.max(now, queueFreeAt) + transmit;
            }
            if (stallEveryNanos > 0 && arrival % stallEveryNanos < stallNanos) {
                arrival += stallNanos - arrival % stallEveryNanos; // read when the stall ends, with the rest
            }
            boolean lost = queueFull || lossEvery > 0 && sequence % lossEvery == 0;
            estimator.onPacket(sequence & 0xFFFF, !lost, now, arrival, SIZE, now);
            sequence++;
        }
    }

    @Test
    void sendingTwiceWhatTheLinkCarriesBringsTheEstimateDownToIt() {
        Link link = new Link();
        link.run(1_000_000, 400_000, 10, 0);

        long estimate = link.estimator.estimate();
        assertTrue(estimate < 480_000, "estimate " + estimate + " near the 400 kbit/s link");
    }

    @Test
    void aHealthyLinkLetsTheEstimateGrowButNotFarBeyondWhatIsSent() {
        Link link = new Link();
        link.run(900_000, 10_000_000, 10, 0);

        long estimate = link.estimator.estimate();
        assertTrue(estimate >= 1_100_000 && estimate <= 1_400_000,
                "estimate " + estimate + ": grows from its start, to at most 1.5 times the 900 kbit/s that arrive");
    }

    @Test
    void aProbeThatArrivesAsFastAsItLeftRaisesTheEstimate() {
        Link link = new Link();
        link.run(500_000, 50_000_000, 2, 0);
        link.estimator.startProbe(link.sequence & 0xFFFF, link.now);
        for (int i = 0; i < 40; i++) {
            link.sendOne(50_000_000, 0); // 40 packets in 20 ms: 19 Mbit/s, which the link carries
            link.now += 500_000;
        }
        link.estimator.endProbe((link.sequence - 1) & 0xFFFF);
        link.now += 100 * MS;
        link.estimator.update(link.now);

        long estimate = link.estimator.estimate();
        assertTrue(estimate > 10_000_000, "estimate " + estimate + " after a 19 Mbit/s probe of a 50 Mbit/s link");
        assertTrue(link.estimator.lastProbeFoundNoLimit(), "the link may carry more still: probe again soon");
    }

    @Test
    void aProbeOfASlowLinkDoesNotRaiseTheEstimate() {
        Link link = new Link();
        link.run(300_000, 400_000, 5, 0);
        long before = link.estimator.estimate();
        link.estimator.startProbe(link.sequence & 0xFFFF, link.now);
        for (int i = 0; i < 40; i++) {
            link.sendOne(400_000, 0); // 19 Mbit/s into a 400 kbit/s link: they arrive much slower than they left
            link.now += 500_000;
        }
        link.estimator.endProbe((link.sequence - 1) & 0xFFFF);
        link.now += 1000 * MS;
        link.estimator.update(link.now);

        assertTrue(link.estimator.estimate() <= Math.max(before, 450_000), "estimate " + link.estimator.estimate());
    }

    @Test
    void aProbeFasterThanTheLinkRaisesTheEstimateToWhatTheLinkCarries() {
        Link link = new Link();
        link.run(1_000_000, 400_000, 10, 0); // the link was slow: the estimate came down
        link.run(300_000, 1_200_000, 5, 0); // now it is not, but little is sent: growth stops at 1.5 times that
        long before = link.estimator.estimate();
        link.estimator.startProbe(link.sequence & 0xFFFF, link.now);
        for (int i = 0; i < 10; i++) {
            link.sendOne(1_200_000, 0); // 1.5 Mbit/s into a 1.2 Mbit/s link
            link.now += 6_400_000;
        }
        link.estimator.endProbe((link.sequence - 1) & 0xFFFF);
        link.now += 200 * MS;
        link.estimator.update(link.now);

        long estimate = link.estimator.estimate();
        assertTrue(before < 600_000, "estimate before the probe " + before);
        assertTrue(estimate >= 1_000_000 && estimate <= 1_250_000, "estimate " + estimate + " after probing a 1.2 Mbit/s link");
        assertFalse(link.estimator.lastProbeFoundNoLimit(), "it found where the link ends: no need to probe again soon");
    }

    @Test
    void aLargeDropAsksForOneRecoveryProbeAtMostOfWhereItWasOnceTheQueueHasDrained() {
        Link link = new Link();
        link.run(2_000_000, 100_000_000, 12, 0); // grown to about 2.5 Mbit/s over the 2 sent
        long before = link.estimator.estimate();
        assertEquals(0, link.estimator.recoveryProbeBps(link.now), "no drop, no recovery probe");
        link.run(2_000_000, 1_000_000, 1.5, 0); // a moment when only half gets through: the queue grows

        long dropped = link.estimator.estimate();
        assertTrue(dropped < before * 0.66, "estimate " + dropped + ", was " + before);
        link.run(500_000, 100_000_000, 3, 0); // the link is back; the queue drains, and the delay signal calms

        assertRecoveryProbeAt85Percent(link, before);
        assertEquals(0, link.estimator.recoveryProbeBps(link.now), "one recovery probe per drop");
    }

    @Test
    void cutsInARowCountTogether() {
        Link link = new Link();
        link.run(2_400_000, 100_000_000, 12, 0);
        long before = link.estimator.estimate();
        link.run(2_400_000, 2_300_000, 2, 0); // a little too much: a small cut
        long first = link.estimator.estimate();
        link.run(1_900_000, 100_000_000, 1, 0); // less sent (a watcher moved down a layer); the queue drains
        long between = link.estimator.estimate();
        link.run(1_900_000, 1_800_000, 2, 0); // and again a little too much: another small cut
        long second = link.estimator.estimate();
        link.run(1_000_000, 100_000_000, 3, 0);

        assertTrue(first >= before * 0.66 && second >= between * 0.66 && second < before * 0.66,
                "two small cuts, large together: " + before + " → " + first + ", " + between + " → " + second);
        assertRecoveryProbeAt85Percent(link, before);
    }

    @Test
    void aDropLongPastAsksForNoRecoveryProbe() {
        Link link = new Link();
        link.run(2_000_000, 100_000_000, 12, 0);
        link.run(2_000_000, 1_000_000, 1.5, 0);
        link.run(500_000, 100_000_000, 6, 0); // the scheduled probes and growth have had their time

        assertEquals(0, link.estimator.recoveryProbeBps(link.now), "no recovery probe six seconds after the drop");
    }

    @Test
    void probesThatFindTheLinksEndAskForNoRecoveryProbe() {
        Link link = new Link();
        link.queuePackets = 40;
        link.run(1_400_000, 700_000, 5, 0); // layers worth 1.4 Mbit/s on a 700 kbit/s link: the estimate comes down
        long highest = 0;
        for (int second = 0; second < 30; second++) {
            // As the scheduled probes go: six bursts 10 ms apart at three times the estimate, over the media.
            int perBurst = (int) Math.max(1, link.estimator.estimate() * 3 / 8 / 100 / SIZE);
            link.estimator.startProbe(link.sequence & 0xFFFF, link.now);
            for (int burst = 0; burst < 6; burst++) {
                for (int i = 0; i < perBurst; i++) {
                    link.sendOne(700_000, 0);
                }
                link.now += 10 * MS;
            }
            link.estimator.endProbe((link.sequence - 1) & 0xFFFF);
            for (int tenth = 0; tenth < 10; tenth++) {
                // The layers that fit: the lower ones (250 kbit/s), until the estimate has room for the top one.
                link.run(link.estimator.estimate() > 1_200_000 ? 1_400_000 : 250_000, 700_000, 0.1, 0);
                highest = Math.max(highest, link.estimator.estimate());
                if (tenth % 5 == 4) {
                    assertEquals(0, link.estimator.recoveryProbeBps(link.now),
                            "a recovery probe asked for " + second + " s in, at " + link.estimator.estimate());
                }
            }
        }
        assertTrue(highest > 600_000, "the probes found about what the 700 kbit/s link carries: " + highest);
    }

    private static void assertRecoveryProbeAt85Percent(Link link, long before) {
        long recovery = link.estimator.recoveryProbeBps(link.now);
        assertTrue(recovery >= before * 0.8 && recovery <= before * 0.9, "recovery probe at " + recovery + ", was " + before);
    }

    @Test
    void aLinksOwnLightLossLeavesTheEstimateAlone() {
        Link link = new Link();
        link.run(800_000, 10_000_000, 3, 0);
        long before = link.estimator.estimate();
        link.run(800_000, 10_000_000, 3, 33); // 3 % lost: repaired by retransmission, not a sign of congestion

        assertTrue(link.estimator.estimate() >= before, link.estimator.estimate() + " after 3 % loss, was " + before);
    }

    @Test
    void aFullQueueOnALossyLinkKeepsTheEstimateNearWhatTheLinkCarries() {
        Link link = new Link();
        link.queuePackets = 40; // the e2e tests' shaper: 400 kbit/s, 40 packets of buffer, 3 % lost on top
        link.run(1_500_000, 400_000, 3, 33);
        for (int second = 0; second < 20; second++) {
            // The sender follows the estimate with a little less, as layers do (a queue full and steady has no delay
            // growth for the delay signal to see; only loss shows it).
            link.run(link.estimator.estimate() * 9 / 10, 400_000, 1, 33);
            long estimate = link.estimator.estimate();
            assertTrue(estimate < 500_000, "second " + second + ": estimate " + estimate + " on a 400 kbit/s link");
        }
    }

    @Test
    void aReceiverThatStallsAndReadsItsBacklogAtOnceIsNotAFullLink() {
        Link link = new Link();
        link.run(2_000_000, 100_000_000, 12, 0); // grown past the 2 Mbit/s sent
        link.stallEveryNanos = 300 * MS; // then a starved machine: 40 ms without reading, three times a second
        link.stallNanos = 40 * MS;
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            link.run(2_000_000, 100_000_000, 0.1, 0);
            lowest = Math.min(lowest, link.estimator.estimate());
        }

        assertTrue(lowest >= 2_000_000, "the estimate fell to " + lowest + " on a fast link carrying 2 Mbit/s");
    }

    @Test
    void heavyLossCutsTheEstimate() {
        Link link = new Link();
        link.run(800_000, 10_000_000, 3, 0);
        long before = link.estimator.estimate();
        link.run(800_000, 10_000_000, 3, 4); // 25 % lost

        assertTrue(link.estimator.estimate() < before * 0.9, link.estimator.estimate() + " after 25 % loss, was " + before);
    }
}
