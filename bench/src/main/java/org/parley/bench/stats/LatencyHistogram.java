package org.parley.bench.stats;

/** Delays in microseconds: 10 µs buckets up to 10 ms, 1 ms buckets up to ~2 s, then one overflow bucket. */
public final class LatencyHistogram {

    private static final int FINE = 1000;
    private static final int COARSE = 2000;
    private final long[] counts = new long[FINE + COARSE + 1];
    private long total;

    public void record(long micros) {
        long us = Math.max(0, micros);
        int bucket = us < 10_000 ? (int) (us / 10) : FINE + (int) Math.min((us - 10_000) / 1000, COARSE);
        counts[bucket]++;
        total++;
    }

    public long count() {
        return total;
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** The upper edge of the bucket holding the given quantile, in milliseconds; NaN when empty. */
    public double percentileMillis(double quantile) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i < FINE ? (i + 1) * 10 : 10_000 + (long) (i - FINE + 1) * 1000) / 1000.0;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
