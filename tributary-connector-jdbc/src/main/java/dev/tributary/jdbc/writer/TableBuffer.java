package dev.tributary.jdbc.writer;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffers the changes for one target table and mode between checkpoints. Upserts are reduced to the
 * last change per key, keyed by the event schema's key columns; append and insert records are kept
 * in order. Not thread-safe.
 */
final class TableBuffer {
    private final TableId target;
    private final WriteMode mode;
    /** Upsert mode: key (or a unique placeholder for changes without a usable key) to change. */
    private final Map<Object, Change> byKey = new LinkedHashMap<>();
    /** Append and insert modes: every change in order. */
    private final List<Change> inOrder = new ArrayList<>();
    private boolean truncateFirst;

    TableBuffer(TableId target, WriteMode mode) {
        this.target = target;
        this.mode = mode;
    }

    void add(ChangeEvent event) {
        if (mode != WriteMode.UPSERT) {
            inOrder.add(new Change(Change.Kind.AS_IS, event));
            return;
        }
        int[] key = event.schema().keyIndexes();
        switch (event.op()) {
            case TRUNCATE:
                // Everything buffered before the truncate is gone with it; what follows lands after.
                byKey.clear();
                truncateFirst = true;
                return;
            case INSERT:
            case SNAPSHOT:
                put(RowKey.of(event.after(), key), Change.Kind.UPSERT, event);
                return;
            case UPDATE:
                RowKey newKey = RowKey.of(event.after(), key);
                RowKey oldKey = RowKey.of(event.before(), key);
                if (newKey != null && oldKey != null && !oldKey.equals(newKey)) {
                    // The row moved to another key: the old key must go, in the same batch.
                    byKey.remove(oldKey);
                    byKey.put(oldKey, new Change(Change.Kind.DELETE, event));
                }
                put(newKey, Change.Kind.UPSERT, event);
                return;
            case DELETE:
                // A later re-insert of the same key replaces this entry, so the row stays.
                put(RowKey.of(event.before(), key), Change.Kind.DELETE, event);
                return;
            default:
                throw new IllegalArgumentException("unsupported op " + event.op() + " in " + event);
        }
    }

    private void put(RowKey key, Change.Kind kind, ChangeEvent event) {
        if (key == null) {
            // No usable key here (untyped events, a missing row): the committer resolves it against
            // the target table's key, or reports the event.
            byKey.put(new Object(), new Change(Change.Kind.AS_IS, event));
        } else {
            byKey.put(key, new Change(kind, event));
        }
    }

    boolean isEmpty() {
        return byKey.isEmpty() && inOrder.isEmpty() && !truncateFirst;
    }

    TableBatch toBatch() {
        return new TableBatch(target, mode, truncateFirst,
                mode == WriteMode.UPSERT ? new ArrayList<>(byKey.values()) : inOrder);
    }
}
