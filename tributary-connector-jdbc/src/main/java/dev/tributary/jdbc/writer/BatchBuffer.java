package dev.tributary.jdbc.writer;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The writer's in-memory buffer: one {@link TableBuffer} per target table and mode. Not thread-safe. */
public final class BatchBuffer {
    private record Target(TableId table, WriteMode mode) {}

    private final Map<Target, TableBuffer> tables = new LinkedHashMap<>();
    private Target lastTarget;
    private TableBuffer lastBuffer;

    public void add(SinkRecord record) {
        TableBuffer buffer;
        // Records usually arrive in runs for one table: skip the map lookup then.
        if (lastTarget != null && lastTarget.table.equals(record.target()) && lastTarget.mode == record.mode()) {
            buffer = lastBuffer;
        } else {
            Target t = new Target(record.target(), record.mode());
            buffer = tables.computeIfAbsent(t, k -> new TableBuffer(k.table, k.mode));
            lastTarget = t;
            lastBuffer = buffer;
        }
        buffer.add(record.event());
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
        for (TableBuffer b : tables.values()) {
            if (!b.isEmpty()) {
                batches.add(b.toBatch());
            }
        }
        tables.clear();
        lastTarget = null;
        lastBuffer = null;
        return batches;
    }
}
