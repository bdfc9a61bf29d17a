package dev.tributary.kafka.format;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.spi.TableDeclarations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a decoder remembers per topic: its table id, its declared schema and the schemas seen last.
 */
final class TopicState {
    final String topic;
    final TableId table;

    /** The schema the pipeline file declares for the topic's table, or null. */
    final TableSchema declared;

    /** Reads this topic's records without envelope without a parser when it can, or null. */
    final ChangeText declaredText;

    final SchemaCache.Slot<RowLayout> valueSlot = new SchemaCache.Slot<>();
    final SchemaCache.Slot<KeyFields> keySlot = new SchemaCache.Slot<>();
    final UntypedSchemas untyped = new UntypedSchemas();
    private final Map<List<String>, TableSchema> declaredByKey = new HashMap<>();
    private List<String> lastKey;

    /** Recognizes a key without envelope that has {@link #lastKey}'s names; null when none can. */
    private FlatKeyText lastKeyText;

    /** The key {@link #declaredWithKey} was last asked for, and its answer. */
    private List<String> lastSchemaKey;

    private TableSchema lastSchema;

    private TopicState(String topic, TableId table, TableSchema declared) {
        this.topic = topic;
        this.table = table;
        this.declared = declared;
        this.declaredText = declared == null ? null : ChangeText.of(DeclaredColumns.of(declared));
    }

    static TopicState of(String topic, TableDeclarations declarations) {
        TableId table;
        try {
            // Debezium names topics <prefix>.<schema>.<table>, so routing matches topic names.
            table = TableId.parse(topic);
        } catch (IllegalArgumentException e) {
            table = new TableId(null, null, topic);
        }
        return new TopicState(topic, table, declarations.schemaFor(table));
    }

    /** The key to use when the record has none: the declared one, else none. */
    List<String> defaultKey() {
        return declared == null ? List.of() : declared.primaryKey();
    }

    /** {@code names} as an equal list this topic saw before, so later caches hit by identity. */
    List<String> sameKey(List<String> names) {
        if (!names.equals(lastKey)) {
            lastKey = List.copyOf(names);
            lastKeyText = FlatKeyText.of(lastKey);
        }
        return lastKey;
    }

    /**
     * The names of the previous key when {@code key} is a JSON object of the same fields with
     * scalar values (the usual key without envelope); null when it must be parsed.
     */
    List<String> previousKeyIfSame(byte[] key) {
        return lastKeyText != null && lastKeyText.matches(key) ? lastKey : null;
    }

    /**
     * The declared schema with {@code key} as its primary key.
     *
     * @throws dev.tributary.api.error.DataException SCHEMA_MISMATCH when a key field is not
     *     declared
     */
    TableSchema declaredWithKey(List<String> key) {
        // Every record asks; the key is usually the very list of the record before (sameKey).
        if (key == lastSchemaKey) {
            return lastSchema;
        }
        TableSchema schema = schemaWithKey(key);
        lastSchemaKey = key;
        lastSchema = schema;
        return schema;
    }

    private TableSchema schemaWithKey(List<String> key) {
        if (key.equals(declared.primaryKey())) {
            return declared;
        }
        TableSchema schema = declaredByKey.get(key);
        if (schema == null) {
            for (String k : key) {
                if (declared.indexOf(k) < 0) {
                    throw Failures.mismatch(
                            "key field '"
                                    + k
                                    + "' is not a declared column of "
                                    + table
                                    + "; declared: "
                                    + String.join(", ", declared.columnNames()));
                }
            }
            schema = declared.withPrimaryKey(key);
            declaredByKey.put(List.copyOf(key), schema);
        }
        return schema;
    }
}
