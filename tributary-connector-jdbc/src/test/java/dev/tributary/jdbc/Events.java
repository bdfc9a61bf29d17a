package dev.tributary.jdbc;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Builds events and sink records for tests. */
public final class Events {
    private static final AtomicLong OFFSET = new AtomicLong();
    public static final TableId SOURCE = TableId.parse("shop.public.orders");

    private Events() {}

    /**
     * A schema from "name TYPE" pairs (the type after the last space), e.g. {@code
     * schema(List.of("id"), "id INT64", "name STRING(20)")}.
     */
    public static TableSchema schema(List<String> key, String... columns) {
        List<Column> cols = new ArrayList<>();
        for (String c : columns) {
            int space = c.lastIndexOf(' ');
            cols.add(new Column(c.substring(0, space), type(c.substring(space + 1)), true));
        }
        return new TableSchema(cols, key);
    }

    /** Columns without types, as plain JSON events carry them. */
    public static TableSchema untyped(List<String> key, String... names) {
        List<Column> cols = new ArrayList<>();
        for (String n : names) {
            cols.add(Column.untyped(n));
        }
        return new TableSchema(cols, key);
    }

    public static DataType type(String text) {
        String name = text;
        int[] args = new int[0];
        int open = text.indexOf('(');
        if (open > 0) {
            name = text.substring(0, open);
            args =
                    Arrays.stream(text.substring(open + 1, text.length() - 1).split(","))
                            .mapToInt(s -> Integer.parseInt(s.trim()))
                            .toArray();
        }
        TypeKind kind = TypeKind.valueOf(name);
        if (kind == TypeKind.DECIMAL) {
            return args.length == 0
                    ? DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED)
                    : DataType.decimal(args[0], args.length > 1 ? args[1] : 0);
        }
        if (args.length == 0) {
            return DataType.of(kind);
        }
        return kind == TypeKind.STRING || kind == TypeKind.BYTES
                ? DataType.sized(kind, args[0])
                : DataType.temporal(kind, args[0]);
    }

    public static Position position() {
        return new Position(
                "shop.public.orders",
                0,
                OFFSET.incrementAndGet(),
                1_700_000_000_000L,
                System.currentTimeMillis());
    }

    public static ChangeEvent event(Op op, TableSchema schema, Object[] before, Object[] after) {
        return new ChangeEvent(SOURCE, op, before, after, schema, position());
    }

    public static SinkRecord upsert(TableId target, ChangeEvent e) {
        return new SinkRecord(target, WriteMode.UPSERT, e);
    }

    public static SinkRecord record(TableId target, WriteMode mode, ChangeEvent e) {
        return new SinkRecord(target, mode, e);
    }

    public static ChangeEvent insert(TableSchema s, Object... after) {
        return event(Op.INSERT, s, null, after);
    }

    public static ChangeEvent snapshot(TableSchema s, Object... after) {
        return event(Op.SNAPSHOT, s, null, after);
    }

    public static ChangeEvent update(TableSchema s, Object[] before, Object[] after) {
        return event(Op.UPDATE, s, before, after);
    }

    public static ChangeEvent delete(TableSchema s, Object... before) {
        return event(Op.DELETE, s, before, null);
    }

    public static ChangeEvent truncate(TableSchema s) {
        return event(Op.TRUNCATE, s, null, null);
    }

    public static Object[] row(Object... values) {
        return values;
    }
}
