package dev.tributary.jdbc.writer;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer's in-memory buffer: one {@link TableBuffer} per target table and mode, which encodes
 * the changes as they arrive. The table buffers used in one checkpoint interval are kept for the
 * next, so that their byte buffers are reused; a table idle for a whole interval gives its buffer
 * up. Not thread-safe.
 */
public final class BatchBuffer {
    private record Target(TableId table, WriteMode mode) {}

    /** The tables of this checkpoint interval, in the order they first appeared in it. */
    private final Map<Target, TableBuffer> tables = new LinkedHashMap<>();

    /** The drained buffers of the last interval, for reuse. */
    private final Map<Target, TableBuffer> reusable = new HashMap<>();

    private Target lastTarget;
    private TableBuffer lastBuffer;

    public void add(SinkRecord record) {
        TableBuffer buffer;
        // Records usually arrive in runs for one table: skip the map lookup then.
        if (lastTarget != null
                && lastTarget.table.equals(record.target())
                && lastTarget.mode == record.mode()) {
            buffer = lastBuffer;
        } else {
            Target t = new Target(record.target(), record.mode());
            buffer = tables.computeIfAbsent(t, this::reuseOrCreate);
            lastTarget = t;
            lastBuffer = buffer;
        }
        buffer.add(record.event(), record.source());
    }

    private TableBuffer reuseOrCreate(Target t) {
        TableBuffer b = reusable.remove(t);
        return b != null ? b : new TableBuffer(t.table, t.mode);
    }

    public boolean isEmpty() {
        for (TableBuffer b : tables.values()) {
            if (!b.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The buffered batches, in the order their tables first appeared; empties the buffer. */
    public List<TableBatch> drain() {
        List<TableBatch> batches = new ArrayList<>(tables.size());
        reusable.clear();
        for (Map.Entry<Target, TableBuffer> e : tables.entrySet()) {
            TableBuffer b = e.getValue();
            if (!b.isEmpty()) {
                batches.add(b.drain());
            }
            reusable.put(e.getKey(), b);
        }
        tables.clear();
        lastTarget = null;
        lastBuffer = null;
        return batches;
    }
}
