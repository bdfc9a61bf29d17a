package dev.tributary.app.bench;

import java.util.SplittableRandom;

/**
 * A set of the ids 1..capacity that supports adding, removing and picking a uniformly random member
 * in constant time (an array of members plus each id's index in it). Not thread-safe.
 */
final class KeyPool {
    private final int[] members;
    private final int[] indexOf;
    private int size;

    KeyPool(int capacity) {
        members = new int[capacity];
        indexOf = new int[capacity + 1];
    }

    int size() {
        return size;
    }

    void add(int id) {
        members[size] = id;
        indexOf[id] = size++;
    }

    void remove(int id) {
        int at = indexOf[id];
        int last = members[--size];
        members[at] = last;
        indexOf[last] = at;
    }

    int pick(SplittableRandom random) {
        return members[random.nextInt(size)];
    }
}
