package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.TableSchema;

/**
 * What encoding one table schema into one topic needs, worked out once and then reused by every
 * event: each column's {@link FieldEncoding} and pre-encoded name, and the envelope and key schema
 * JSON, which are the same for every event of the schema. Immutable.
 */
final class TableEncoding {
    final TableSchema schema;
    final FieldEncoding[] fields;
    final SerializedString[] names;

    /** The value's envelope schema JSON, or null without the schema envelope. */
    final byte[] envelopeSchema;

    /** The key's schema JSON, or null without the schema envelope or without a key. */
    final byte[] keySchema;

    /**
     * A column without a type, which the schema envelope cannot describe; null when all are typed.
     */
    final String untyped;

    private TableEncoding(
            TableSchema schema,
            FieldEncoding[] fields,
            SerializedString[] names,
            byte[] envelopeSchema,
            byte[] keySchema,
            String untyped) {
        this.schema = schema;
        this.fields = fields;
        this.names = names;
        this.envelopeSchema = envelopeSchema;
        this.keySchema = keySchema;
        this.untyped = untyped;
    }

    static TableEncoding of(String topic, TableSchema schema, boolean withSchemas) {
        FieldEncoding[] fields = new FieldEncoding[schema.size()];
        SerializedString[] names = new SerializedString[schema.size()];
        String untyped = null;
        for (int i = 0; i < fields.length; i++) {
            Column c = schema.column(i);
            fields[i] = FieldEncoding.of(c.type());
            names[i] = new SerializedString(c.name());
            if (!fields[i].hasSchema() && untyped == null) {
                untyped = c.name();
            }
        }
        byte[] envelope = null;
        byte[] key = null;
        if (withSchemas && untyped == null) {
            envelope = ConnectSchemas.envelope(topic, schema, fields);
            key = schema.hasKey() ? ConnectSchemas.key(topic, schema, fields) : null;
        }
        return new TableEncoding(schema, fields, names, envelope, key, untyped);
    }
}
