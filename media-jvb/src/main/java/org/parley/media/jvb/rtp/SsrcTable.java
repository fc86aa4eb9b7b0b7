package org.parley.media.jvb.rtp;

/**
 * An immutable map from SSRC (the 32 raw bits) to a value, read on the packet path without locks, boxing or
 * allocation: writers build a new table and publish it through a volatile field (copy-on-write: streams change
 * rarely, packets arrive constantly). Open addressing with linear probing over a power-of-two table kept at most
 * half full. {@link Registry} is the shared holder for that pattern, bounded where a peer decides what is added.
 *
 * @param <V> what an SSRC leads to
 */
public final class SsrcTable<V> {

    private static final SsrcTable<?> EMPTY = new SsrcTable<>(new int[2], new Object[2], 0);

    private final int[] keys;
    private final Object[] values;
    /** Set while a copy is built, before it is published. */
    private int size;

    private SsrcTable(int[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> SsrcTable<V> empty() {
        return (SsrcTable<V>) EMPTY;
    }

    public int size() {
        return size;
    }

    /** The value for {@code ssrc}, or null. */
    @SuppressWarnings("unchecked")
    public V get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null || keys[i] == ssrc) {
                return (V) value;
            }
        }
    }

    /** A copy with {@code ssrc} mapped to {@code value} (replacing any previous value). */
    public SsrcTable<V> with(int ssrc, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored");
        }
        SsrcTable<V> copy = copyFor(size + 1, ssrc);
        copy.put(ssrc, value);
        return copy;
    }

    /** A copy without {@code ssrc} (this table when absent). */
    public SsrcTable<V> without(int ssrc) {
        return get(ssrc) == null ? this : copyFor(size - 1, ssrc);
    }

    /** A new table with room for {@code entries}, holding every entry but {@code skipped}. */
    @SuppressWarnings("unchecked")
    private SsrcTable<V> copyFor(int entries, int skipped) {
        int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, entries * 2 - 1)) << 1);
        SsrcTable<V> copy = new SsrcTable<>(new int[capacity], new Object[capacity], 0);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && keys[i] != skipped) {
                copy.put(keys[i], (V) values[i]);
            }
        }
        return copy;
    }

    /** Only while building a copy that nobody else sees yet. */
    private void put(int ssrc, V value) {
        int mask = keys.length - 1;
        int i = slot(ssrc, mask);
        while (values[i] != null && keys[i] != ssrc) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            size++;
        }
        keys[i] = ssrc;
        values[i] = value;
    }

    private static int slot(int ssrc, int mask) {
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * A volatile {@link SsrcTable} with a size limit, for entries created lazily as packets arrive (e.g. SRTP
     * contexts): lock-free reads, writes serialised on this object, so a peer cannot make it grow without bound.
     */
    public static final class Registry<V> {

        private final int maxEntries;
        private volatile SsrcTable<V> table = empty();

        public Registry(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
            }
            this.maxEntries = maxEntries;
        }

        /** Packet path: no lock, no allocation. */
        public V get(int ssrc) {
            return table.get(ssrc);
        }

        /** Adds {@code value} unless the SSRC is present or the registry is full; returns the mapped value, or null if full. */
        public synchronized V putIfAbsent(int ssrc, V value) {
            SsrcTable<V> current = table;
            V existing = current.get(ssrc);
            if (existing != null) {
                return existing;
            }
            if (current.size() >= maxEntries) {
                return null;
            }
            table = current.with(ssrc, value);
            return value;
        }

        public int size() {
            return table.size();
        }

        public synchronized void clear() {
            table = empty();
        }
    }
}
