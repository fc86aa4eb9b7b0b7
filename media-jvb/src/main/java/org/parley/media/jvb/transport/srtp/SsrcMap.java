package org.parley.media.jvb.transport.srtp;

/**
 * A small int-keyed map for per-SSRC crypto contexts: lock-free, allocation-free reads from any thread (a volatile
 * snapshot of open-addressed arrays); writes copy the arrays under a lock, which only happens when a stream appears.
 * Bounded, so a peer cannot make us create contexts without limit.
 */
final class SsrcMap<T> {

    private static final class Table {
        final int[] keys;
        final Object[] values;
        final int size;

        Table(int capacity, int size) {
            keys = new int[capacity];
            values = new Object[capacity];
            this.size = size;
        }
    }

    private final int maxEntries;
    private volatile Table table = new Table(16, 0);

    SsrcMap(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        Table t = table;
        int mask = t.keys.length - 1;
        for (int i = mix(ssrc) & mask, n = 0; n < t.keys.length; i = (i + 1) & mask, n++) {
            Object value = t.values[i];
            if (value == null) {
                return null;
            }
            if (t.keys[i] == ssrc) {
                return (T) value;
            }
        }
        return null;
    }

    /** Adds {@code value} unless the SSRC is present or the map is full; returns the value now mapped, or null if full. */
    synchronized T putIfAbsent(int ssrc, T value) {
        T existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Table old = table;
        if (old.size >= maxEntries) {
            return null;
        }
        int capacity = old.keys.length;
        while ((old.size + 1) * 2 > capacity) {
            capacity *= 2;
        }
        Table next = new Table(capacity, old.size + 1);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.values[i] != null) {
                insert(next, old.keys[i], old.values[i]);
            }
        }
        insert(next, ssrc, value);
        table = next;
        return value;
    }

    synchronized void clear() {
        table = new Table(16, 0);
    }

    private static void insert(Table t, int key, Object value) {
        int mask = t.keys.length - 1;
        int i = mix(key) & mask;
        while (t.values[i] != null) {
            i = (i + 1) & mask;
        }
        t.keys[i] = key;
        t.values[i] = value;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
