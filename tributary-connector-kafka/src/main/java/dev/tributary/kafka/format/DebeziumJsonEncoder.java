package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes change events as Debezium's PostgreSQL connector writes them through Kafka's
 * JsonConverter: the value is the change event envelope (before, after, source, op, ts_ms,
 * transaction), the key the primary key struct; both with the schema envelope ({@code
 * {"schema":...,"payload":...}}, as {@code schemas.enable=true}) or without it.
 *
 * <ul>
 *   <li>The schema JSON of a table is built once per topic and table schema and copied into each
 *       record as bytes; only the payload is generated per event, by one reused generator into one
 *       reused buffer.
 *   <li>The {@code source} block has the PostgreSQL connector's fields. Known: {@code connector}
 *       ({@code tributary}), {@code version}, {@code name} (the server name given), {@code ts_ms}
 *       (the source commit time, or the time tributary read the event when the source did not say),
 *       {@code snapshot}, and {@code db}, {@code schema}, {@code table} from the event's source
 *       table id (empty text for a part it lacks). {@code sequence}, {@code txId}, {@code lsn} and
 *       {@code xmin} are null.
 *   <li>{@code transaction} is null.
 * </ul>
 *
 * <p>Not thread-safe: one per writer.
 */
public final class DebeziumJsonEncoder implements AutoCloseable {
    /** What {@code source.connector} says. */
    public static final String CONNECTOR = "tributary";

    private static final byte[] SCHEMA_START = bytes("{\"schema\":");
    private static final byte[] PAYLOAD_START = bytes(",\"payload\":");

    private static final SerializableString BEFORE = new SerializedString("before");
    private static final SerializableString AFTER = new SerializedString("after");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString OP = new SerializedString("op");
    private static final SerializableString TS_MS = new SerializedString("ts_ms");
    private static final SerializableString TRANSACTION = new SerializedString("transaction");
    private static final SerializableString VERSION = new SerializedString("version");
    private static final SerializableString CONNECTOR_FIELD = new SerializedString("connector");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString SNAPSHOT = new SerializedString("snapshot");
    private static final SerializableString DB = new SerializedString("db");
    private static final SerializableString SEQUENCE = new SerializedString("sequence");
    private static final SerializableString SCHEMA = new SerializedString("schema");
    private static final SerializableString TABLE = new SerializedString("table");
    private static final SerializableString TX_ID = new SerializedString("txId");
    private static final SerializableString LSN = new SerializedString("lsn");
    private static final SerializableString XMIN = new SerializedString("xmin");

    private final boolean withSchemas;
    private final String serverName;
    private final String version;
    private final GrowingBytes out = new GrowingBytes(4096);
    private final char[] scratch = new char[ZonedTimestamps.MAX_LENGTH];
    private final Map<String, Map<TableSchema, TableEncoding>> byTopic = new HashMap<>();
    private final Map<String, TableSchema> latestByTopic = new HashMap<>();
    private JsonGenerator g;
    private String lastTopic;
    private TableSchema lastSchema;
    private TableEncoding last;

    /**
     * @param withSchemas whether key and value carry the schema envelope
     * @param serverName what {@code source.name} says (Debezium's logical server name)
     * @param version what {@code source.version} says
     */
    public DebeziumJsonEncoder(boolean withSchemas, String serverName, String version) {
        this.withSchemas = withSchemas;
        this.serverName = serverName;
        this.version = version;
        this.g = generator();
    }

    /**
     * The event's value for {@code topic}.
     *
     * @param now the envelope's {@code ts_ms}: when the event was processed (epoch ms)
     * @throws DataException of kind CONVERSION when a value does not fit its column's type, of kind
     *     SCHEMA_MISMATCH when the schema envelope is on and a column has no type
     */
    public byte[] value(String topic, ChangeEvent event, long now) {
        TableEncoding enc = encoding(topic, schemaOf(topic, event));
        out.reset();
        if (withSchemas) {
            out.write(SCHEMA_START);
            out.write(enc.envelopeSchema);
            out.write(PAYLOAD_START);
        }
        try {
            g.writeStartObject();
            g.writeFieldName(BEFORE);
            row(enc, event.before(), event.table());
            g.writeFieldName(AFTER);
            row(enc, event.after(), event.table());
            source(event);
            g.writeFieldName(OP);
            g.writeString(opCode(event.op()));
            g.writeFieldName(TS_MS);
            g.writeNumber(now);
            g.writeFieldName(TRANSACTION);
            g.writeNull();
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            restart(); // the generator stands inside an object: start afresh for the next event
            throw e;
        }
        if (withSchemas) {
            out.write('}');
        }
        return out.toByteArray();
    }

    /**
     * The event's key for {@code topic}: its key columns' values from {@link ChangeEvent#keyRow()},
     * or null when the table has no key or the event carries no row (a truncate).
     *
     * @throws DataException as {@link #value}
     */
    public byte[] key(String topic, ChangeEvent event) {
        Object[] row = event.keyRow();
        if (row == null || !event.schema().hasKey()) {
            return null;
        }
        TableEncoding enc = encoding(topic, event.schema());
        out.reset();
        if (withSchemas) {
            out.write(SCHEMA_START);
            out.write(enc.keySchema);
            out.write(PAYLOAD_START);
        }
        try {
            g.writeStartObject();
            for (int i : enc.schema.keyIndexes()) {
                field(enc, i, i < row.length ? row[i] : null, event.table());
            }
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            restart();
            throw e;
        }
        if (withSchemas) {
            out.write('}');
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The event's schema; for a truncate that carries no columns, the last schema this encoder
     * wrote to the topic, so that its envelope describes the table's rows as Debezium's does.
     */
    private TableSchema schemaOf(String topic, ChangeEvent event) {
        TableSchema schema = event.schema();
        if (event.op() == Op.TRUNCATE && schema.size() == 0) {
            return latestByTopic.getOrDefault(topic, schema);
        }
        return schema;
    }

    private TableEncoding encoding(String topic, TableSchema schema) {
        if (schema == lastSchema && topic.equals(lastTopic)) {
            return last;
        }
        if (schema.size() > 0) {
            latestByTopic.put(topic, schema);
        }
        TableEncoding enc =
                byTopic.computeIfAbsent(topic, t -> new HashMap<>())
                        .computeIfAbsent(schema, s -> TableEncoding.of(topic, s, withSchemas));
        if (withSchemas && enc.untyped != null) {
            throw new DataException(
                    ErrorKind.SCHEMA_MISMATCH,
                    "column '"
                            + enc.untyped
                            + "' has no type, so the schema envelope cannot describe it; declare"
                            + " the table's columns under tables:, or write without schemas");
        }
        lastTopic = topic;
        lastSchema = schema;
        last = enc;
        return enc;
    }

    private void row(TableEncoding enc, Object[] row, TableId table) throws IOException {
        if (row == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (int i = 0; i < enc.fields.length; i++) {
            field(enc, i, i < row.length ? row[i] : null, table);
        }
        g.writeEndObject();
    }

    private void field(TableEncoding enc, int i, Object v, TableId table) throws IOException {
        g.writeFieldName(enc.names[i]);
        if (v == null) {
            g.writeNull();
            return;
        }
        Column column = enc.schema.column(i);
        try {
            enc.fields[i].writeValue(g, v, column.type(), scratch);
        } catch (ClassCastException e) {
            throw cannotWrite(
                    table,
                    column,
                    v,
                    "found "
                            + v.getClass().getSimpleName()
                            + ", expected "
                            + column.type().kind().javaClass().getSimpleName());
        } catch (ArithmeticException | DateTimeException e) {
            throw cannotWrite(table, column, v, e.getMessage());
        }
    }

    private void source(ChangeEvent event) throws IOException {
        Position position = event.position();
        TableId table = event.table();
        g.writeFieldName(SOURCE);
        g.writeStartObject();
        g.writeFieldName(VERSION);
        g.writeString(version);
        g.writeFieldName(CONNECTOR_FIELD);
        g.writeString(CONNECTOR);
        g.writeFieldName(NAME);
        g.writeString(serverName);
        g.writeFieldName(TS_MS);
        g.writeNumber(
                position.sourceTimestamp() >= 0
                        ? position.sourceTimestamp()
                        : position.readTimestamp());
        g.writeFieldName(SNAPSHOT);
        g.writeString(event.op() == Op.SNAPSHOT ? "true" : "false");
        g.writeFieldName(DB);
        g.writeString(table.catalog() == null ? "" : table.catalog());
        g.writeFieldName(SEQUENCE);
        g.writeNull();
        g.writeFieldName(SCHEMA);
        g.writeString(table.schema() == null ? "" : table.schema());
        g.writeFieldName(TABLE);
        g.writeString(table.table());
        g.writeFieldName(TX_ID);
        g.writeNull();
        g.writeFieldName(LSN);
        g.writeNull();
        g.writeFieldName(XMIN);
        g.writeNull();
        g.writeEndObject();
    }

    private static String opCode(Op op) {
        switch (op) {
            case INSERT:
                return "c";
            case UPDATE:
                return "u";
            case DELETE:
                return "d";
            case SNAPSHOT:
                return "r";
            case TRUNCATE:
                return "t";
            default:
                throw new DataException(
                        ErrorKind.UNSUPPORTED, "op " + op + " has no Debezium code");
        }
    }

    private static DataException cannotWrite(TableId table, Column column, Object v, String why) {
        String shown = v instanceof byte[] ? ((byte[]) v).length + " bytes" : String.valueOf(v);
        return new DataException(
                ErrorKind.CONVERSION,
                "column '"
                        + column.name()
                        + "' of "
                        + table
                        + ": cannot write "
                        + Failures.shown(shown)
                        + " as "
                        + column.type()
                        + ": "
                        + why);
    }

    private JsonGenerator generator() {
        try {
            JsonGenerator created = Json.FACTORY.createGenerator(out);
            // Each record is a root value of its own: no separator between them.
            created.setRootValueSeparator(null);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void restart() {
        try {
            g.close();
        } catch (IOException | RuntimeException ignored) {
            // The buffer is reset before the next record; what the old generator wrote is gone.
        }
        out.reset();
        g = generator();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
