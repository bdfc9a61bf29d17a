package dev.tributary.kafka.format;

import dev.tributary.api.event.Column;
import dev.tributary.api.event.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The untyped schemas of one topic, one per distinct list of field names and key, reused across
 * events. Not thread-safe.
 */
final class UntypedSchemas {
    private static final int MAX_ENTRIES = 1024;

    private final Map<Key, TableSchema> schemas = new HashMap<>();
    private TableSchema last;

    /**
     * The schema whose columns are {@code row}'s field names, plus those of {@code other} that it
     * lacks (other may be null), with {@code key} as primary key.
     *
     * @throws dev.tributary.api.error.DataException PARSE for a repeated field, SCHEMA_MISMATCH for
     *     a key field that is not among the fields
     */
    TableSchema schemaFor(UntypedRow row, UntypedRow other, List<String> key) {
        TableSchema s = last;
        if (s != null && matches(s, row, other) && s.primaryKey().equals(key)) {
            return s;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            names.add(row.name(i));
        }
        if (other != null) {
            for (int i = 0; i < other.size(); i++) {
                if (!names.contains(other.name(i))) {
                    names.add(other.name(i));
                }
            }
        }
        Key k = new Key(names, key);
        s = schemas.get(k);
        if (s == null) {
            s = build(names, key);
            if (schemas.size() >= MAX_ENTRIES) {
                schemas.clear();
            }
            schemas.put(k, s);
        }
        last = s;
        return s;
    }

    private static TableSchema build(List<String> names, List<String> key) {
        for (String k : key) {
            if (!names.contains(k)) {
                throw Failures.mismatch("key field '" + k + "' is not a field of the row " + names);
            }
        }
        List<Column> columns = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw Failures.parse("field '" + names.get(i) + "' appears twice in the row");
            }
            columns.add(Column.untyped(names.get(i)));
        }
        return new TableSchema(columns, key);
    }

    private static boolean matches(TableSchema s, UntypedRow row, UntypedRow other) {
        if (s.size() < row.size()) {
            return false;
        }
        for (int i = 0; i < row.size(); i++) {
            if (!s.column(i).name().equals(row.name(i))) {
                return false;
            }
        }
        if (s.size() == row.size()) {
            return other == null || fits(s, other);
        }
        // The cached schema has more columns (from a before row); only fine when other supplies
        // them.
        return other != null && fits(s, other) && covers(s, row, other);
    }

    private static boolean fits(TableSchema s, UntypedRow r) {
        for (int i = 0; i < r.size(); i++) {
            if (s.indexOf(r.name(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean covers(TableSchema s, UntypedRow row, UntypedRow other) {
        for (int c = row.size(); c < s.size(); c++) {
            boolean found = false;
            for (int i = 0; i < other.size() && !found; i++) {
                found = other.name(i).equals(s.column(c).name());
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Aligns {@code row}'s values with {@code schema}'s columns; absent fields are null. */
    static Object[] align(TableSchema schema, UntypedRow row) {
        if (row.size() == schema.size()) {
            boolean same = true;
            for (int i = 0; i < row.size() && same; i++) {
                same = schema.column(i).name().equals(row.name(i));
            }
            if (same) {
                return row.values();
            }
        }
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < row.size(); i++) {
            values[schema.indexOf(row.name(i))] = row.value(i);
        }
        return values;
    }

    private static final class Key {
        final List<String> names;
        final List<String> key;

        Key(List<String> names, List<String> key) {
            this.names = names;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).names.equals(names) && ((Key) o).key.equals(key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(names, key);
        }
    }
}
