package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.event.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the Connect schemas of Debezium's PostgreSQL change events as JsonConverter prints them:
 * the value's {@code <topic>.Envelope} (before and after as {@code <topic>.Value}, the {@code
 * io.debezium.connector.postgresql.Source} block, op, ts_ms and the {@code event.block}
 * transaction), and the key's {@code <topic>.Key}. Stateless; each schema is built once per topic
 * and table schema and then cached by {@link TableEncoding}.
 */
final class ConnectSchemas {
    private ConnectSchemas() {}

    /**
     * The envelope schema of {@code topic} for rows of {@code schema}, written as {@code fields}.
     */
    static byte[] envelope(String topic, TableSchema schema, FieldEncoding[] fields) {
        GrowingBytes out = new GrowingBytes(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "struct");
            g.writeArrayFieldStart("fields");
            row(g, topic, schema, fields, "before");
            row(g, topic, schema, fields, "after");
            source(g);
            plainField(g, "string", false, "op");
            plainField(g, "int64", true, "ts_ms");
            transaction(g);
            g.writeEndArray();
            g.writeBooleanField("optional", false);
            g.writeStringField("name", topic + ".Envelope");
            g.writeNumberField("version", 1); // since Debezium 2.0
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The key schema of {@code topic}: a struct of the key columns in key order. */
    static byte[] key(String topic, TableSchema schema, FieldEncoding[] fields) {
        GrowingBytes out = new GrowingBytes(128);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "struct");
            g.writeArrayFieldStart("fields");
            for (int i : schema.keyIndexes()) {
                fields[i].writeSchema(g, schema.column(i));
            }
            g.writeEndArray();
            g.writeBooleanField("optional", false);
            g.writeStringField("name", topic + ".Key");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void row(
            JsonGenerator g, String topic, TableSchema schema, FieldEncoding[] fields, String name)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "struct");
        g.writeArrayFieldStart("fields");
        for (int i = 0; i < fields.length; i++) {
            fields[i].writeSchema(g, schema.column(i));
        }
        g.writeEndArray();
        g.writeBooleanField("optional", true);
        g.writeStringField("name", topic + ".Value");
        g.writeStringField("field", name);
        g.writeEndObject();
    }

    /** The source block of Debezium's PostgreSQL connector (1.9 to 2.5: no ts_us, ts_ns). */
    private static void source(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "struct");
        g.writeArrayFieldStart("fields");
        plainField(g, "string", false, "version");
        plainField(g, "string", false, "connector");
        plainField(g, "string", false, "name");
        plainField(g, "int64", false, "ts_ms");
        g.writeStartObject();
        g.writeStringField("type", "string");
        g.writeBooleanField("optional", true);
        g.writeStringField("name", "io.debezium.data.Enum");
        g.writeNumberField("version", 1);
        g.writeObjectFieldStart("parameters");
        g.writeStringField("allowed", "true,last,false,incremental");
        g.writeEndObject();
        g.writeStringField("default", "false");
        g.writeStringField("field", "snapshot");
        g.writeEndObject();
        plainField(g, "string", false, "db");
        plainField(g, "string", true, "sequence");
        plainField(g, "string", false, "schema");
        plainField(g, "string", false, "table");
        plainField(g, "int64", true, "txId");
        plainField(g, "int64", true, "lsn");
        plainField(g, "int64", true, "xmin");
        g.writeEndArray();
        g.writeBooleanField("optional", false);
        g.writeStringField("name", "io.debezium.connector.postgresql.Source");
        g.writeStringField("field", "source");
        g.writeEndObject();
    }

    private static void transaction(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "struct");
        g.writeArrayFieldStart("fields");
        plainField(g, "string", false, "id");
        plainField(g, "int64", false, "total_order");
        plainField(g, "int64", false, "data_collection_order");
        g.writeEndArray();
        g.writeBooleanField("optional", true);
        g.writeStringField("name", "event.block");
        g.writeNumberField("version", 1);
        g.writeStringField("field", "transaction");
        g.writeEndObject();
    }

    /** A field without a logical name: {@code {"type":..,"optional":..,"field":..}}. */
    static void plainField(JsonGenerator g, String type, boolean optional, String name)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeBooleanField("optional", optional);
        g.writeStringField("field", name);
        g.writeEndObject();
    }
}
