package dev.tributary.jdbc.writer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest change per key of an upsert buffer: for each entry its kind and where its encoding
 * lies in the buffer, in the order the keys first appeared, as {@code LinkedHashMap.put} would keep
 * them; {@link #moveToEnd} takes a key out of that order and puts it last. Changes without a usable
 * key are each an entry of their own.
 *
 * <p>Entries live in parallel arrays, reused from one checkpoint interval to the next. Keys of one
 * integer column, the usual case, are found through an open-addressing table of the numbers
 * themselves: a lookup reads two arrays instead of a map node, a key object and its values, and a
 * new key allocates nothing that outlives the lookup. Other keys go through a map from {@link
 * RowKey} to the entry. Not thread-safe.
 */
final class LatestChanges {
    private static final Change.Kind[] KINDS = Change.Kind.values();

    private static final int MIN_CAPACITY = 64;

    /** The kind of an entry whose key moved to a later entry. */
    private static final byte MOVED = -1;

    private byte[] kinds = new byte[MIN_CAPACITY];
    private int[] offsets = new int[MIN_CAPACITY];
    private int[] lengths = new int[MIN_CAPACITY];

    /** Entries, including moved ones. */
    private int size;

    /** Entries that are not moved. */
    private int live;

    /** Integer keys by slot, and their entry's index plus one (0: an empty slot). */
    private long[] slotKeys = new long[MIN_CAPACITY];

    private int[] slotEntries = new int[MIN_CAPACITY];
    private int usedSlots;

    /** Entries of keys that are not one integer. */
    private final Map<RowKey, int[]> otherKeys = new HashMap<>();

    /** How many entries are not moved. */
    int size() {
        return live;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /**
     * Sets the latest change of {@code key}: replaces its entry in place when the key has one,
     * appends an entry otherwise. A null key appends an entry of its own.
     */
    void put(RowKey key, Change.Kind kind, int offset, int length) {
        if (key == null) {
            append(kind, offset, length);
            return;
        }
        int entry = find(key);
        if (entry >= 0) {
            set(entry, kind, offset, length);
        } else {
            index(key, append(kind, offset, length));
        }
    }

    /**
     * {@link #put} for the key of one integer column {@code key}, without a {@link RowKey}: the
     * writer's usual case, once per event.
     */
    void putInteger(long key, Change.Kind kind, int offset, int length) {
        int entry = findInteger(key);
        if (entry >= 0) {
            set(entry, kind, offset, length);
        } else {
            indexInteger(key, append(kind, offset, length));
        }
    }

    /** Sets the latest change of {@code key} and puts the key last in the order. */
    void moveToEnd(RowKey key, Change.Kind kind, int offset, int length) {
        int entry = find(key);
        if (entry >= 0) {
            kinds[entry] = MOVED;
            live--;
        }
        index(key, append(kind, offset, length));
    }

    /**
     * Forgets every entry. The arrays are kept for the next checkpoint interval, unless this one
     * used less than an eighth of them: then they shrink to twice its need, so that one burst of
     * keys does not hold its memory for as long as the table keeps receiving changes.
     */
    void clear() {
        if (kinds.length > MIN_CAPACITY && size * 8 < kinds.length) {
            int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 4);
            kinds = new byte[capacity];
            offsets = new int[capacity];
            lengths = new int[capacity];
        }
        if (slotKeys.length > MIN_CAPACITY && usedSlots * 8 < slotKeys.length) {
            int capacity =
                    Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(usedSlots, 1)) * 4);
            slotKeys = new long[capacity];
            slotEntries = new int[capacity];
        } else if (usedSlots > 0) {
            Arrays.fill(slotEntries, 0);
        }
        usedSlots = 0;
        size = 0;
        live = 0;
        otherKeys.clear();
    }

    /** Entries in order, for {@link #kind}, {@link #offset} and {@link #length}: up to this. */
    int entries() {
        return size;
    }

    /** True when the entry at {@code i} (below {@link #entries}) was moved to a later one. */
    boolean moved(int i) {
        return kinds[i] == MOVED;
    }

    Change.Kind kind(int i) {
        return KINDS[kinds[i]];
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    // ---- entries
    // ------------------------------------------------------------------------------------

    private int append(Change.Kind kind, int offset, int length) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        set(size, kind, offset, length);
        live++;
        return size++;
    }

    private void set(int entry, Change.Kind kind, int offset, int length) {
        kinds[entry] = (byte) kind.ordinal();
        offsets[entry] = offset;
        lengths[entry] = length;
    }

    // ---- keys
    // ---------------------------------------------------------------------------------------

    /** The entry of {@code key}, or -1. */
    private int find(RowKey key) {
        if (!key.isInteger()) {
            int[] entry = otherKeys.get(key);
            return entry == null ? -1 : entry[0];
        }
        return findInteger(key.integer());
    }

    private int findInteger(long k) {
        int mask = slotKeys.length - 1;
        for (int s = slot(k, mask); ; s = (s + 1) & mask) {
            int e = slotEntries[s];
            if (e == 0) {
                return -1;
            }
            if (slotKeys[s] == k) {
                return e - 1;
            }
        }
    }

    /** Points {@code key} at {@code entry}, whether or not it had an entry before. */
    private void index(RowKey key, int entry) {
        if (!key.isInteger()) {
            int[] e = otherKeys.get(key);
            if (e == null) {
                otherKeys.put(key, new int[] {entry});
            } else {
                e[0] = entry;
            }
            return;
        }
        indexInteger(key.integer(), entry);
    }

    private void indexInteger(long k, int entry) {
        int mask = slotKeys.length - 1;
        int s = slot(k, mask);
        while (slotEntries[s] != 0 && slotKeys[s] != k) {
            s = (s + 1) & mask;
        }
        if (slotEntries[s] == 0) {
            slotKeys[s] = k;
            if (++usedSlots * 2 > slotKeys.length) {
                slotEntries[s] = entry + 1;
                grow();
                return;
            }
        }
        slotEntries[s] = entry + 1;
    }

    /** Doubles the table, keeping it at most half full. */
    private void grow() {
        long[] oldKeys = slotKeys;
        int[] oldEntries = slotEntries;
        slotKeys = new long[oldKeys.length * 2];
        slotEntries = new int[oldEntries.length * 2];
        int mask = slotKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldEntries[i] != 0) {
                int s = slot(oldKeys[i], mask);
                while (slotEntries[s] != 0) {
                    s = (s + 1) & mask;
                }
                slotKeys[s] = oldKeys[i];
                slotEntries[s] = oldEntries[i];
            }
        }
    }

    /** Fibonacci hashing: consecutive ids spread over the whole table. */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
