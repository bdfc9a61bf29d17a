package dev.tributary.jdbc.verify;

import dev.tributary.api.event.TableId;
import java.util.List;
import java.util.Objects;

/**
 * A source table and its mirror in the target, and the key columns that order both; an empty key
 * means the source table's primary key. Immutable.
 *
 * @param source the table in the source database; never null
 * @param target the mirror in the target database; never null
 * @param key key column names in key order, or empty for the source's primary key; never null
 */
public record TablePair(TableId source, TableId target, List<String> key) {

    public TablePair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        key = List.copyOf(key);
    }

    /** A pair keyed by the source's primary key. */
    public static TablePair of(TableId source, TableId target) {
        return new TablePair(source, target, List.of());
    }

    /** {@code source → target}, for messages. */
    @Override
    public String toString() {
        return source.text() + " -> " + target.text();
    }
}
