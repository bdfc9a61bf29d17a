package dev.tributary.kafka.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.spi.TableDeclarations;
import dev.tributary.kafka.KafkaRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the change events Debezium writes through Kafka's JsonConverter, key and value, with the
 * schema envelope ({@code {"schema":{...},"payload":{...}}}) or without it.
 *
 * <ul>
 *   <li>The table is the topic name parsed as a table id.
 *   <li>With the envelope, column types come from the value schema's row struct; the schema is
 *       parsed once per distinct schema text and reused. Without it, a schema declared for the
 *       table is used and values are coerced to it; otherwise the row is untyped and carries the
 *       JSON values.
 *   <li>The key columns are the Kafka key's fields in key order; without a key, the declared key,
 *       or none.
 *   <li>Tombstones (null value) are skipped, and truncates when configured so.
 * </ul>
 *
 * <p>Not thread-safe: create one per operator instance.
 */
public final class DebeziumJsonDecoder implements RecordDecoder {
    private static final TableSchema NO_COLUMNS = TableSchema.EMPTY;

    private final boolean applyTruncates;
    private final Topics topics;

    /** Makes a parser per record, reusing one set of buffers. */
    private final JsonFactory json = Json.singleThreadFactory();

    private final SchemaCache<RowLayout> valueSchemas = new SchemaCache<>(RowLayout::fromEnvelope);
    private final SchemaCache<KeyFields> keySchemas = new SchemaCache<>(KeyFields::fromSchema);

    /** The parts of the record being read, reused. */
    private final ChangeParts parts = new ChangeParts();

    /** Whether records are read without a parser when they can be ({@link ChangeText}). */
    private final boolean readBytes;

    /**
     * @param declarations schemas declared in the pipeline file, by table id
     * @param applyTruncates whether a truncate becomes a TRUNCATE event (true) or is skipped
     */
    public DebeziumJsonDecoder(TableDeclarations declarations, boolean applyTruncates) {
        this(declarations, applyTruncates, true);
    }

    /**
     * @param readBytes false to read every record with the parser, which tests compare the
     *     byte-level reader ({@link ChangeText}) with
     */
    DebeziumJsonDecoder(TableDeclarations declarations, boolean applyTruncates, boolean readBytes) {
        this.topics = new Topics(declarations);
        this.applyTruncates = applyTruncates;
        this.readBytes = readBytes;
    }

    @Override
    public ChangeEvent decode(KafkaRecord record) {
        if (record.value() == null) {
            return null; // a tombstone: Kafka compaction's marker after a delete, not a change
        }
        TopicState topic = topics.get(record.topic());
        List<String> key;
        try {
            key = keyFields(record.key(), topic);
        } catch (JsonProcessingException e) {
            throw Failures.parse("key is not valid JSON: " + Json.describe(e));
        } catch (IOException e) {
            throw Failures.parse("key cannot be read: " + e.getMessage());
        }
        try {
            return value(record, topic, key);
        } catch (JsonProcessingException e) {
            throw Failures.parse("value is not valid JSON: " + Json.describe(e));
        } catch (IOException e) {
            throw Failures.parse("value cannot be read: " + e.getMessage());
        }
    }

    /** The key's field names, or null when the record has no key. */
    private List<String> keyFields(byte[] key, TopicState topic) throws IOException {
        if (key == null || key.length == 0) {
            return null;
        }
        if (EnvelopeText.startsWithSchema(key)) {
            // The usual case: the schema text of the topic's last key, and a payload of its
            // fields. Anything else (a schema that is not a key's, a payload that is not such an
            // object) is parsed below, which reports it.
            KeyFields known = topic.keySlot.matchAt(key, EnvelopeText.SCHEMA_START);
            if (known != null
                    && known.hasPayloadAt(
                            key, EnvelopeText.SCHEMA_START + topic.keySlot.length())) {
                return known.names();
            }
        } else {
            // The usual key without envelope: the same fields as the topic's last one.
            List<String> same = topic.previousKeyIfSame(key);
            if (same != null) {
                return same;
            }
        }
        try (JsonParser p = parser(key, 0, key.length)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw Failures.parse("key is not a JSON object");
            }
            String first = p.nextFieldName();
            if (!"schema".equals(first) && !"payload".equals(first)) {
                List<String> names = fieldNames(p, first);
                expectKeyEnd(p);
                return nonEmpty(topic.sameKey(names));
            }
            // The whole envelope is read, so a key that is not JSON is reported, not skipped.
            KeyFields fields = null;
            List<String> payloadNames = null;
            for (String f = first; f != null; f = p.nextFieldName()) {
                t = p.nextToken();
                if ("schema".equals(f) && t == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    fields = keySchemas.resolve(topic.keySlot, key, start, end);
                    if (fields.error() != null) {
                        throw Failures.parse("key: " + fields.error());
                    }
                } else if ("payload".equals(f) && t == JsonToken.START_OBJECT) {
                    payloadNames = fieldNames(p, p.nextFieldName());
                } else {
                    p.skipChildren();
                }
            }
            expectKeyEnd(p);
            if (fields != null) {
                return nonEmpty(fields.names());
            }
            // A key written with schemas but a null schema: the payload's fields name the key.
            return payloadNames == null ? null : nonEmpty(topic.sameKey(payloadNames));
        }
    }

    private static void expectKeyEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw Failures.parse("key: unexpected content after the JSON object");
        }
    }

    private static List<String> fieldNames(JsonParser p, String first) throws IOException {
        List<String> names = new ArrayList<>(4);
        for (String f = first; f != null; f = p.nextFieldName()) {
            names.add(f);
            p.nextToken();
            p.skipChildren();
        }
        return names;
    }

    private static List<String> nonEmpty(List<String> names) {
        return names.isEmpty() ? null : names;
    }

    private ChangeEvent value(KafkaRecord r, TopicState topic, List<String> key)
            throws IOException {
        byte[] v = r.value();
        if (EnvelopeText.startsWithSchema(v)) {
            // The usual case: the same schema text as this topic's last record. Step over it.
            RowLayout layout = topic.valueSlot.matchAt(v, EnvelopeText.SCHEMA_START);
            int at =
                    layout == null
                            ? -1
                            : EnvelopeText.payloadAfter(
                                    v, EnvelopeText.SCHEMA_START + topic.valueSlot.length());
            if (at >= 0) {
                ChangeText text = readBytes ? layout.text() : null;
                int end = text == null ? -1 : text.readPayload(v, at, parts);
                if (end >= 0 && EnvelopeText.closesAt(v, end)) {
                    return event(parts, layout, r, topic, key); // read without a parser
                }
                try (JsonParser p = parser(v, at, v.length - at)) {
                    ChangeEvent event = payload(p, p.nextToken(), layout, r, topic, key);
                    if (EnvelopeText.closesAt(v, at + (int) p.currentLocation().getByteOffset())) {
                        return event;
                    }
                }
                // Something follows the payload: let the general path say what.
            }
        } else if (topic.declaredText != null && readBytes) {
            // The usual record of a topic with declared columns, read without a parser.
            if (topic.declaredText.read(v, parts)) {
                return event(parts, null, r, topic, key);
            }
        }
        return general(r, topic, key);
    }

    private ChangeEvent general(KafkaRecord r, TopicState topic, List<String> key)
            throws IOException {
        byte[] v = r.value();
        int payloadStart = -1;
        int payloadEnd = -1;
        RowLayout layout = null;
        try (JsonParser p = parser(v, 0, v.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Failures.parse("value is not a JSON object");
            }
            String first = p.nextFieldName();
            if (!"schema".equals(first) && !"payload".equals(first)) {
                // No envelope: the object is the change event itself.
                ChangeEvent event = change(p, first, null, r, topic, key);
                expectEnd(p);
                return event;
            }
            for (String f = first; f != null; f = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                if ("schema".equals(f)) {
                    if (t == JsonToken.START_OBJECT) {
                        layout = valueSchemas.resolve(topic.valueSlot, v, start, end);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw Failures.parse("envelope field 'schema' is not an object");
                    }
                } else if ("payload".equals(f)) {
                    payloadStart = start;
                    payloadEnd = end;
                } else {
                    throw Failures.parse(
                            "unexpected field '"
                                    + f
                                    + "' in the envelope; a Debezium envelope has 'schema' and 'payload'");
                }
            }
            expectEnd(p);
        }
        if (payloadStart < 0) {
            throw Failures.parse("the envelope has no 'payload'");
        }
        try (JsonParser p = parser(v, payloadStart, payloadEnd - payloadStart)) {
            return payload(p, p.nextToken(), layout, r, topic, key);
        }
    }

    private static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw Failures.parse("unexpected content after the JSON object");
        }
    }

    private ChangeEvent payload(
            JsonParser p,
            JsonToken t,
            RowLayout layout,
            KafkaRecord r,
            TopicState topic,
            List<String> key)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null; // a tombstone written with the envelope: JsonConverter's form of a null
            // value
        }
        if (t != JsonToken.START_OBJECT) {
            throw Failures.parse("envelope field 'payload' is not an object");
        }
        if (layout != null && layout.error() != null) {
            throw Failures.parse(layout.error());
        }
        return change(p, p.nextFieldName(), layout, r, topic, key);
    }

    /**
     * Reads the fields of a change event object, from {@code first} to its end, and builds the
     * event. {@code layout} is the envelope's row struct, or null when the record has no schema.
     */
    private ChangeEvent change(
            JsonParser p,
            String first,
            RowLayout layout,
            KafkaRecord r,
            TopicState topic,
            List<String> kafkaKey)
            throws IOException {
        TableSchema declared = layout == null ? topic.declared : null;
        ChangeParts c = parts.clear();
        for (String f = first; f != null; f = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (f) {
                case "before":
                case "after":
                    if (t == JsonToken.VALUE_NULL) {
                        break;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw Failures.parse("field '" + f + "' is not an object");
                    }
                    boolean isAfter = f.equals("after");
                    if (layout != null) {
                        Object[] row = typedRow(p, layout, f, isAfter);
                        if (isAfter) {
                            c.after = row;
                        } else {
                            c.before = row;
                        }
                    } else if (declared != null) {
                        Object[] row = DeclaredRows.read(p, declared, topic.table, f, isAfter);
                        if (isAfter) {
                            c.after = row;
                        } else {
                            c.before = row;
                        }
                    } else if (isAfter) {
                        c.looseAfter = UntypedRow.read(p);
                    } else {
                        c.looseBefore = UntypedRow.read(p);
                    }
                    break;
                case "op":
                    if (t != JsonToken.VALUE_STRING) {
                        throw Failures.parse("field 'op' is not a string");
                    }
                    // One character, read in place: no String per record.
                    c.kind =
                            p.getTextLength() == 1
                                    ? Op.fromCode(p.getTextCharacters()[p.getTextOffset()])
                                    : null;
                    c.unknownOp = c.kind == null ? p.getText() : null;
                    break;
                case "ts_ms":
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        c.ts = p.getLongValue();
                    } else {
                        p.skipChildren(); // an object or array here is not read as fields
                    }
                    break;
                case "source":
                    if (t == JsonToken.START_OBJECT) {
                        c.sourceTs = sourceTimestamp(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren(); // transaction, ts_us, ts_ns, ...
            }
        }
        return event(c, layout, r, topic, kafkaKey);
    }

    /**
     * Checks the parts of a change event against each other and makes the event: null for a
     * truncate that is skipped.
     */
    private ChangeEvent event(
            ChangeParts c,
            RowLayout layout,
            KafkaRecord r,
            TopicState topic,
            List<String> kafkaKey) {
        if (c.unknownOp != null) {
            throw Failures.unsupported(
                    "op '" + c.unknownOp + "' is not supported; known ops are c, u, d, r and t");
        }
        if (c.kind == null) {
            throw Failures.parse("no 'op' field: not a Debezium change event");
        }
        Object[] before = c.before;
        Object[] after = c.after;
        UntypedRow looseBefore = c.looseBefore;
        UntypedRow looseAfter = c.looseAfter;
        boolean hasBefore = before != null || looseBefore != null;
        boolean hasAfter = after != null || looseAfter != null;
        switch (c.kind) {
            case INSERT:
            case SNAPSHOT:
                if (!hasAfter) {
                    throw Failures.parse("op '" + c.kind.code() + "' without 'after'");
                }
                before = null;
                looseBefore = null;
                break;
            case UPDATE:
                if (!hasAfter) {
                    throw Failures.parse("op 'u' without 'after'");
                }
                break;
            case DELETE:
                if (!hasBefore) {
                    throw Failures.parse("op 'd' without 'before'");
                }
                after = null;
                looseAfter = null;
                break;
            case TRUNCATE:
                if (!applyTruncates) {
                    return null; // truncate: skip
                }
                before = null;
                after = null;
                looseBefore = null;
                looseAfter = null;
                break;
            default:
                throw Failures.unsupported("op '" + c.kind.code() + "' is not supported");
        }
        List<String> key = kafkaKey != null ? kafkaKey : topic.defaultKey();
        TableSchema schema;
        if (layout != null) {
            schema = layout.schema(key);
        } else if (topic.declared != null) {
            schema = topic.declaredWithKey(key);
        } else if (looseAfter == null && looseBefore == null) {
            schema = NO_COLUMNS; // an untyped truncate
        } else {
            UntypedRow main = looseAfter != null ? looseAfter : looseBefore;
            schema = topic.untyped.schemaFor(main, main == looseAfter ? looseBefore : null, key);
            after = looseAfter == null ? null : UntypedSchemas.align(schema, looseAfter);
            before = looseBefore == null ? null : UntypedSchemas.align(schema, looseBefore);
        }
        Position position =
                new Position(
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        c.sourceTs >= 0 ? c.sourceTs : c.ts,
                        System.currentTimeMillis());
        return new ChangeEvent(topic.table, c.kind, before, after, schema, position);
    }

    private static Object[] typedRow(JsonParser p, RowLayout layout, String row, boolean checkNulls)
            throws IOException {
        Object[] values = new Object[layout.size()];
        int i = 0;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName(), i++) {
            JsonToken t = p.nextToken();
            int idx = layout.indexOf(f, i);
            if (idx < 0) {
                throw Failures.mismatch(
                        "field '"
                                + row
                                + "."
                                + f
                                + "' is not in the envelope schema's row "
                                + layout.columnNames());
            }
            values[idx] = t == JsonToken.VALUE_NULL ? null : layout.field(idx).read(p, t, row);
        }
        if (checkNulls) {
            for (int c = 0; c < values.length; c++) {
                if (values[c] == null && !layout.field(c).column().nullable()) {
                    throw Failures.mismatch(
                            "field '"
                                    + row
                                    + "."
                                    + layout.field(c).name()
                                    + "' is missing or null, but the envelope schema says it is not optional");
                }
            }
        }
        return values;
    }

    /** The {@code ts_ms} of the {@code source} block the parser stands at, or -1. */
    private static long sourceTimestamp(JsonParser p) throws IOException {
        long ts = -1;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if ("ts_ms".equals(f) && t == JsonToken.VALUE_NUMBER_INT) {
                ts = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        return ts;
    }

    private JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return json.createParser(bytes, offset, length);
    }
}
