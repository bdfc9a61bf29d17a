package dev.tributary.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the bench's change events over ids 1..keys, deterministically from a seed: first one
 * insert per id, then updates of random live ids, with deletes of random live ids (about 5% of all
 * events) and re-inserts of random deleted ids (about 2.5%). It keeps the expected final state of
 * the table as it goes. Not thread-safe.
 */
final class OrderWorkload {
    static final String[] STATUSES = {
        "new", "paid", "packed", "shipped", "delivered", "cancelled", "returned"
    };

    /**
     * 2024-01-01T00:00:00Z: timestamps are derived from the sequence, so output is reproducible.
     */
    static final long BASE_MICROS = 1_704_067_200_000_000L;

    private static final double DELETE_SHARE = 0.05;
    private static final String NOTE_CHARS =
            "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-";

    private final SplittableRandom random;
    private final long events;
    private final int keys;
    private final double deleteChance;
    private final double reinsertChance;
    private final OrderRow[] rows;
    private final KeyPool live;
    private final KeyPool dead;
    private long sequence;
    private long inserts;
    private long updates;
    private long deletes;

    OrderWorkload(long seed, long events, int keys) {
        if (events < 1 || keys < 1) {
            throw new IllegalArgumentException(
                    "events and keys must be at least 1, got " + events + " and " + keys);
        }
        this.random = new SplittableRandom(seed);
        this.events = events;
        this.keys = keys;
        // Deletes are ~5% of ALL events but can only happen after the initial inserts.
        long rest = events - keys;
        this.deleteChance = rest <= 0 ? 0 : Math.min(0.4, DELETE_SHARE * events / rest);
        this.reinsertChance = deleteChance / 2;
        this.rows = new OrderRow[keys + 1];
        this.live = new KeyPool(keys);
        this.dead = new KeyPool(keys);
    }

    boolean hasNext() {
        return sequence < events;
    }

    OrderChange next() {
        long seq = sequence++;
        if (seq < keys) {
            return insert((int) seq + 1, seq);
        }
        double r = random.nextDouble();
        if (r < deleteChance && live.size() > 1) {
            return delete(live.pick(random), seq);
        }
        if (r < deleteChance + reinsertChance && dead.size() > 0) {
            return insert(dead.pick(random), seq);
        }
        return update(live.pick(random), seq);
    }

    long events() {
        return events;
    }

    long inserts() {
        return inserts;
    }

    long updates() {
        return updates;
    }

    long deletes() {
        return deletes;
    }

    /** The rows a correct pipeline leaves in the target once every event is applied, by id. */
    List<OrderRow> finalRows() {
        List<OrderRow> out = new ArrayList<>(live.size());
        for (OrderRow row : rows) {
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    /** Micros since the epoch of the event with this sequence number: one millisecond apart. */
    static long timeOf(long sequence) {
        return BASE_MICROS + sequence * 1_000 + sequence % 1_000;
    }

    private OrderChange insert(int id, long seq) {
        if (seq >= keys) {
            dead.remove(id); // a re-insert: only deleted ids are picked for it
        }
        long at = timeOf(seq);
        OrderRow row =
                new OrderRow(
                        id,
                        1 + random.nextInt(50_000),
                        STATUSES[0],
                        amount(),
                        1 + random.nextInt(100),
                        (short) random.nextInt(10),
                        false,
                        note(),
                        at,
                        at);
        rows[id] = row;
        live.add(id);
        inserts++;
        return new OrderChange(OrderChange.Kind.INSERT, id, row, seq);
    }

    private OrderChange update(int id, long seq) {
        OrderRow old = rows[id];
        boolean newNote = random.nextInt(10) < 3;
        OrderRow row =
                new OrderRow(
                        id,
                        old.customerId(),
                        STATUSES[random.nextInt(STATUSES.length)],
                        amount(),
                        1 + random.nextInt(100),
                        old.priority(),
                        random.nextBoolean(),
                        newNote ? note() : old.note(),
                        old.createdAtMicros(),
                        timeOf(seq));
        rows[id] = row;
        updates++;
        return new OrderChange(OrderChange.Kind.UPDATE, id, row, seq);
    }

    private OrderChange delete(int id, long seq) {
        rows[id] = null;
        live.remove(id);
        dead.add(id);
        deletes++;
        return new OrderChange(OrderChange.Kind.DELETE, id, null, seq);
    }

    private long amount() {
        return 100 + random.nextLong(10_000_000L);
    }

    /**
     * 20-40 characters; one note in 50 carries characters that JSON or COPY must escape or encode
     * (quote, backslash, tab, non-ASCII), so the bench also checks that they arrive intact.
     */
    private String note() {
        int n = 20 + random.nextInt(21);
        StringBuilder b = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            b.append(NOTE_CHARS.charAt(random.nextInt(NOTE_CHARS.length())));
        }
        if (random.nextInt(50) == 0) {
            b.append(" \"Müller\" \\ 東京\t✓");
        }
        return b.toString();
    }
}
