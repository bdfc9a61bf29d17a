package dev.tributary.postgres.cdc;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The row shapes seen so far, by Debezium's envelope schema instance: Debezium reuses one schema
 * object per table until the table changes, so a lookup is an identity hash. Not thread-safe: one
 * per deserializer.
 */
final class RowShapes {
    /** Old versions are dropped wholesale past this many, so the cache stays small. */
    private static final int MAX_SHAPES = 4096;

    private final Map<Schema, RowShape> shapes = new IdentityHashMap<>();

    /**
     * @param envelope the record's value schema
     * @param key the record's key schema, or null
     */
    RowShape get(Schema envelope, Schema key) {
        RowShape shape = shapes.get(envelope);
        if (shape == null) {
            if (shapes.size() >= MAX_SHAPES) {
                shapes.clear();
            }
            shape = RowShape.of(envelope.field("after").schema(), key);
            shapes.put(envelope, shape);
        }
        return shape;
    }
}
