package dev.tributary.runtime.route;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.SinkRecord;
import java.util.Arrays;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions sink records by target table and primary key, so that every change to one row is
 * applied by the same sink subtask, in order. Records without a key are spread by table only.
 */
public final class KeyBucket implements KeySelector<SinkRecord, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(SinkRecord record) {
        ChangeEvent e = record.event();
        int h = record.target().hashCode();
        Object[] row = e.keyRow();
        if (row != null) {
            for (int i : e.schema().keyIndexes()) {
                Object v = row[i];
                h =
                        31 * h
                                + (v instanceof byte[]
                                        ? Arrays.hashCode((byte[]) v)
                                        : v == null ? 0 : v.hashCode());
            }
        }
        return h;
    }
}
