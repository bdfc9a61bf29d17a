package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * One change to one table: the unit that flows from sources to sinks.
 *
 * <p>Which rows are set follows from the op: INSERT and SNAPSHOT carry {@code after}; UPDATE
 * carries {@code after} and, when the source has it, {@code before}; DELETE carries {@code before}
 * (at least its key columns); TRUNCATE carries neither. Rows are aligned with {@link #schema()}.
 * Instances and their arrays are never modified after construction, which is what lets the pipeline
 * run with Flink's object reuse on.
 */
public final class ChangeEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final Op op;
    private final Object[] before;
    private final Object[] after;
    private final TableSchema schema;
    private final Position position;

    public ChangeEvent(
            TableId table,
            Op op,
            Object[] before,
            Object[] after,
            TableSchema schema,
            Position position) {
        this.table = Objects.requireNonNull(table, "table");
        this.op = Objects.requireNonNull(op, "op");
        this.before = before;
        this.after = after;
        this.schema = Objects.requireNonNull(schema, "schema");
        this.position = Objects.requireNonNull(position, "position");
    }

    /** The table the change happened to, as the source names it. */
    public TableId table() {
        return table;
    }

    public Op op() {
        return op;
    }

    /** The row before the change, or null. */
    public Object[] before() {
        return before;
    }

    /** The row after the change, or null. */
    public Object[] after() {
        return after;
    }

    /** The row that identifies the changed key: {@code after}, or {@code before} for a delete. */
    public Object[] keyRow() {
        return after != null ? after : before;
    }

    public TableSchema schema() {
        return schema;
    }

    public Position position() {
        return position;
    }

    @Override
    public String toString() {
        return op + " " + table + " at " + position;
    }
}
