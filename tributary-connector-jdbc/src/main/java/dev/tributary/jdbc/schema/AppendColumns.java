package dev.tributary.jdbc.schema;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TypeKind;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The metadata columns an append-mode table carries after the row's own columns: the op code
 * (c/u/d/r/t), the source stream, partition and offset, the source commit time (null when the
 * source did not say) and when the sink wrote the row.
 */
public final class AppendColumns {
    public static final String OP = "_tributary_op";
    public static final String STREAM = "_tributary_stream";
    public static final String PARTITION = "_tributary_partition";
    public static final String OFFSET = "_tributary_offset";
    public static final String SOURCE_TS = "_tributary_source_ts";
    public static final String INGESTED_AT = "_tributary_ingested_at";

    /** The columns in order, as created. */
    public static final List<ColumnDefinition> COLUMNS =
            List.of(
                    new ColumnDefinition(OP, DataType.sized(TypeKind.STRING, 1), false, null),
                    new ColumnDefinition(STREAM, DataType.of(TypeKind.STRING), true, null),
                    new ColumnDefinition(PARTITION, DataType.of(TypeKind.INT32), true, null),
                    new ColumnDefinition(OFFSET, DataType.of(TypeKind.INT64), true, null),
                    new ColumnDefinition(SOURCE_TS, DataType.of(TypeKind.TIMESTAMP_TZ), true, null),
                    new ColumnDefinition(
                            INGESTED_AT, DataType.of(TypeKind.TIMESTAMP_TZ), false, null));

    public static final int COUNT = COLUMNS.size();

    private static final String[] OP_CODES = new String[128];

    static {
        for (dev.tributary.api.event.Op op : dev.tributary.api.event.Op.values()) {
            OP_CODES[op.code()] = String.valueOf(op.code());
        }
    }

    private AppendColumns() {}

    /** Writes the metadata values of {@code event} into {@code row} from {@code at}. */
    static void fill(Object[] row, int at, ChangeEvent event, OffsetDateTime ingestedAt) {
        Position p = event.position();
        row[at] = OP_CODES[event.op().code()];
        row[at + 1] = p.stream();
        row[at + 2] = p.partition();
        row[at + 3] = p.offset();
        row[at + 4] =
                p.sourceTimestamp() < 0
                        ? null
                        : OffsetDateTime.ofInstant(
                                Instant.ofEpochMilli(p.sourceTimestamp()), ZoneOffset.UTC);
        row[at + 5] = ingestedAt;
    }
}
