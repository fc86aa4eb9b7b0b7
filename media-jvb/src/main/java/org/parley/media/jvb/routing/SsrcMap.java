package org.parley.media.jvb.routing;

/**
 * An immutable map from SSRC to a value, read on the packet path without locks or boxing: writers build a new map
 * and publish it through a volatile field (copy-on-write; tracks change rarely, packets arrive constantly).
 * Open addressing with linear probing over a power-of-two table kept at most half full.
 *
 * @param <V> what an SSRC leads to
 */
final class SsrcMap<V> {

    private static final SsrcMap<?> EMPTY = new SsrcMap<>(new int[2], new Object[2], 0);

    private final int[] keys;
    private final Object[] values;
    /** Set while a copy is built, before it is published. */
    private int size;

    private SsrcMap(int[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> SsrcMap<V> empty() {
        return (SsrcMap<V>) EMPTY;
    }

    int size() {
        return size;
    }

    /** The value for {@code ssrc} (the 32 raw bits), or null. */
    @SuppressWarnings("unchecked")
    V get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null || keys[i] == ssrc) {
                return (V) value;
            }
        }
    }

    /** A copy with {@code ssrc} mapped to {@code value} (replacing any previous value). */
    SsrcMap<V> with(int ssrc, V value) {
        SsrcMap<V> copy = copyFor(size + 1, ssrc);
        copy.put(ssrc, value);
        return copy;
    }

    /** A copy without {@code ssrc}. */
    SsrcMap<V> without(int ssrc) {
        return get(ssrc) == null ? this : copyFor(size - 1, ssrc);
    }

    /** A new map with room for {@code entries}, holding every entry but {@code skipped}. */
    @SuppressWarnings("unchecked")
    private SsrcMap<V> copyFor(int entries, int skipped) {
        int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, entries * 2 - 1)) << 1);
        SsrcMap<V> copy = new SsrcMap<>(new int[capacity], new Object[capacity], 0);
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
}
