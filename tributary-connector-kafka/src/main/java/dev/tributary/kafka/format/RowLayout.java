package dev.tributary.kafka.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The row struct of one Debezium envelope schema: the columns with their types and readers, and the
 * {@link TableSchema} per key, built once per distinct schema text and then reused by every event
 * that carries it. Not thread-safe (one per decoder).
 */
final class RowLayout {
    private final ConnectField[] fields;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName;
    private final String error;
    private final Map<List<String>, TableSchema> schemasByKey = new HashMap<>();
    private List<String> lastKey;
    private TableSchema lastSchema;

    /** Reads payloads of this schema without a parser; made on first use, null when it cannot. */
    private ChangeText text;

    private boolean textMade;

    private RowLayout(ConnectField[] fields, String error) {
        this.fields = fields;
        this.error = error;
        this.columns = new ArrayList<>(fields.length);
        this.indexByName = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            columns.add(fields[i].column());
            indexByName.put(fields[i].name(), i);
        }
    }

    /**
     * Reads a value envelope schema ({@code ...Envelope}, a struct with {@code before} and {@code
     * after} structs). A schema that is not one gives a layout whose {@link #error()} says why, so
     * the verdict is cached as well.
     */
    static RowLayout fromEnvelope(JsonNode schema) {
        try {
            JsonNode row = rowStruct(schema);
            JsonNode fieldList = row.path("fields");
            ConnectField[] fields = new ConnectField[fieldList.size()];
            Map<String, Boolean> seen = new HashMap<>();
            for (int i = 0; i < fields.length; i++) {
                fields[i] = ConnectField.of(fieldList.get(i));
                if (seen.put(fields[i].name(), Boolean.TRUE) != null) {
                    throw new IllegalArgumentException(
                            "field '" + fields[i].name() + "' appears twice");
                }
            }
            return new RowLayout(fields, null);
        } catch (IllegalArgumentException e) {
            return new RowLayout(
                    new ConnectField[0], "not a Debezium envelope schema: " + e.getMessage());
        }
    }

    private static JsonNode rowStruct(JsonNode schema) {
        if (!"struct".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("its type is not 'struct'");
        }
        JsonNode before = null;
        for (JsonNode f : schema.path("fields")) {
            String name = f.path("field").asText();
            if ("after".equals(name) && "struct".equals(f.path("type").asText())) {
                return f;
            }
            if ("before".equals(name) && "struct".equals(f.path("type").asText())) {
                before = f;
            }
        }
        if (before == null) {
            throw new IllegalArgumentException("no 'before' or 'after' struct among its fields");
        }
        return before;
    }

    /** The byte-level reader of payloads with this row, or null when there is none. */
    ChangeText text() {
        if (!textMade) {
            text = ChangeText.of(LayoutColumns.of(this));
            textMade = true;
        }
        return text;
    }

    /** Why this schema cannot be used, or null when it can. */
    String error() {
        return error;
    }

    int size() {
        return fields.length;
    }

    ConnectField field(int index) {
        return fields[index];
    }

    /** Position of the named field, or -1; tries {@code expected} first (fields come in order). */
    int indexOf(String name, int expected) {
        if (expected < fields.length && fields[expected].name().equals(name)) {
            return expected;
        }
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    List<String> columnNames() {
        List<String> names = new ArrayList<>(fields.length);
        for (ConnectField f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * The table schema of this row with {@code key} as primary key; the same instance for the same
     * key.
     *
     * @throws dev.tributary.api.error.DataException of kind SCHEMA_MISMATCH when a key column is
     *     not a field of the row
     */
    TableSchema schema(List<String> key) {
        if (key == lastKey) {
            return lastSchema;
        }
        TableSchema schema = schemasByKey.get(key);
        if (schema == null) {
            for (String k : key) {
                if (!indexByName.containsKey(k)) {
                    throw Failures.mismatch(
                            "key field '" + k + "' is not a field of the row " + columnNames());
                }
            }
            schema = new TableSchema(columns, key);
            schemasByKey.put(List.copyOf(key), schema);
        }
        lastKey = key;
        lastSchema = schema;
        return schema;
    }
}
