package dev.tributary.postgres.cdc;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key-columns} entries: a key for tables without a primary key, as {@code
 * schema.table:col1,col2}. Immutable and serializable.
 */
final class KeyColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Characters Debezium's message.key.columns syntax reserves. */
    private static final String RESERVED = ",;:";

    private final Map<TableId, List<String>> byTable;

    private KeyColumns(Map<TableId, List<String>> byTable) {
        this.byTable = Collections.unmodifiableMap(byTable);
    }

    static final KeyColumns NONE = new KeyColumns(new LinkedHashMap<>());

    /**
     * @param key the option's key path, for messages
     * @throws ConfigException naming the entry that is not {@code schema.table:col1,col2}
     */
    static KeyColumns parse(List<String> entries, String key) {
        Map<TableId, List<String>> byTable = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry == null ? -1 : entry.lastIndexOf(':');
            int dot = colon < 0 ? -1 : entry.indexOf('.');
            if (colon < 0 || dot <= 0 || dot >= colon - 1) {
                throw new ConfigException(
                        key + ": '" + entry + "' is not schema.table:column1,column2,...");
            }
            TableId table =
                    TableId.of(
                            entry.substring(0, dot).trim(), entry.substring(dot + 1, colon).trim());
            Set<String> columns = new LinkedHashSet<>();
            for (String column : entry.substring(colon + 1).split(",", -1)) {
                String c = column.trim();
                if (c.isEmpty() || !columns.add(c)) {
                    throw new ConfigException(
                            key
                                    + ": '"
                                    + entry
                                    + "' needs distinct, non-empty column names after the colon");
                }
            }
            for (String name : names(table, columns)) {
                for (char r : RESERVED.toCharArray()) {
                    if (name.indexOf(r) >= 0) {
                        throw new ConfigException(
                                key + ": '" + entry + "': names with , ; or : are not supported");
                    }
                }
            }
            if (byTable.put(table, List.copyOf(columns)) != null) {
                throw new ConfigException(key + ": " + table + " is given twice");
            }
        }
        return new KeyColumns(byTable);
    }

    private static List<String> names(TableId table, Set<String> columns) {
        List<String> names = new ArrayList<>(columns);
        names.add(table.schema());
        names.add(table.table());
        return names;
    }

    /** The key columns given for {@code table}, or null. */
    List<String> of(TableId table) {
        return byTable.get(table);
    }

    Set<TableId> tables() {
        return byTable.keySet();
    }

    boolean isEmpty() {
        return byTable.isEmpty();
    }

    /** Debezium's {@code message.key.columns}: {@code schema\.table:c1,c2;...}, names escaped. */
    String debeziumProperty() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<TableId, List<String>> e : byTable.entrySet()) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(Identifiers.literalRegex(e.getKey())).append(':');
            for (int i = 0; i < e.getValue().size(); i++) {
                b.append(i > 0 ? "," : "").append(Identifiers.literalRegex(e.getValue().get(i)));
            }
        }
        return b.toString();
    }

    /** The column that splits each table's snapshot into chunks: its first key column. */
    Map<String, String> chunkColumns() {
        Map<String, String> chunks = new HashMap<>();
        byTable.forEach((t, cols) -> chunks.put(t.schema() + "." + t.table(), cols.get(0)));
        return chunks;
    }
}
