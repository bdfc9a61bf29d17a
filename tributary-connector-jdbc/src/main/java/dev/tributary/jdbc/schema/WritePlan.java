package dev.tributary.jdbc.schema;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.LooseValues;
import dev.tributary.jdbc.dialect.WriteTarget;
import dev.tributary.jdbc.writer.RowKey;
import java.time.OffsetDateTime;

/**
 * How the rows of one event schema are written to one target table in one mode, worked out once per
 * (table, schema) by the {@link SchemaReconciler}: either the columns to write and how to build
 * each row, or why such events cannot be written. Immutable.
 */
public final class WritePlan {
    private final ErrorKind rejectedAs;
    private final String reason;
    private final WriteTarget target;
    private final int[] source;
    private final DataType[] coerceTo;
    private final boolean appendMetadata;
    private final boolean identity;

    private WritePlan(
            ErrorKind rejectedAs,
            String reason,
            WriteTarget target,
            int[] source,
            DataType[] coerceTo,
            boolean appendMetadata,
            int schemaSize) {
        this.rejectedAs = rejectedAs;
        this.reason = reason;
        this.target = target;
        this.source = source;
        this.coerceTo = coerceTo;
        this.appendMetadata = appendMetadata;
        boolean same =
                source != null
                        && coerceTo == null
                        && !appendMetadata
                        && source.length == schemaSize;
        for (int i = 0; same && i < source.length; i++) {
            same = source[i] == i;
        }
        this.identity = same;
    }

    /** Events of this schema go to the error table with {@code kind} and {@code reason}. */
    public static WritePlan rejected(ErrorKind kind, String reason) {
        return new WritePlan(kind, reason, null, null, null, false, -1);
    }

    /**
     * @param target the columns written, the row's own first, then the metadata columns when {@code
     *     appendMetadata}
     * @param source for each of the row's own target columns, its index in the event row
     * @param coerceTo for untyped events the target column types to coerce values to, else null
     * @param schemaSize the number of event columns
     */
    public static WritePlan accepted(
            WriteTarget target,
            int[] source,
            DataType[] coerceTo,
            boolean appendMetadata,
            int schemaSize) {
        return new WritePlan(null, null, target, source, coerceTo, appendMetadata, schemaSize);
    }

    public boolean isRejected() {
        return rejectedAs != null;
    }

    public ErrorKind rejectedAs() {
        return rejectedAs;
    }

    public String reason() {
        return reason;
    }

    public WriteTarget target() {
        return target;
    }

    /**
     * The row to write for an event row (which may be null for a TRUNCATE in append mode).
     *
     * @throws DataException of kind CONVERSION when an untyped value does not convert
     */
    public Object[] convert(Object[] row, ChangeEvent event, OffsetDateTime ingestedAt) {
        if (identity) {
            return row;
        }
        Object[] out = new Object[target.columns().size()];
        for (int i = 0; i < source.length; i++) {
            Object v = row == null || source[i] >= row.length ? null : row[source[i]];
            if (coerceTo != null && v != null) {
                v = LooseValues.coerce(v, coerceTo[i]);
            }
            out[i] = v;
        }
        if (appendMetadata) {
            AppendColumns.fill(out, source.length, event, ingestedAt);
        }
        return out;
    }

    /** The key of a converted row, or null when a key value is missing. */
    public RowKey key(Object[] converted) {
        return RowKey.of(converted, target.keyPositions());
    }
}
