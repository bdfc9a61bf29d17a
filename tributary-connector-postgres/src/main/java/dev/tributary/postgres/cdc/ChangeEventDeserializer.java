package dev.tributary.postgres.cdc;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts Debezium's records straight into {@link ChangeEvent}s (no JSON in between). A record
 * that cannot be converted comes out as an {@link ErrorRecord} instead, with the reason, its
 * position and its key and value as text; {@link ErrorSplitter} routes the two apart.
 *
 * <p>Runs in the source reader's thread; the schema cache is created lazily there, never shipped.
 */
final class ChangeEventDeserializer implements DebeziumDeserializationSchema<Object> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventDeserializer.class);

    private final String sourceName;
    private final String slotName;

    private transient RowShapes shapes;

    /**
     * @param sourceName the source block's name, for error records
     * @param slotName the replication slot, the stream name of every position
     */
    ChangeEventDeserializer(String sourceName, String slotName) {
        this.sourceName = sourceName;
        this.slotName = slotName;
    }

    @Override
    public void deserialize(SourceRecord record, Collector<Object> out) {
        Object decoded;
        try {
            decoded = convert(record);
        } catch (DataException e) {
            decoded = error(record, e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            // A converter bug must not stop the pipeline on one record; keep the evidence.
            LOG.warn("Unexpected failure converting a record of source '{}'", sourceName, e);
            decoded = error(record, ErrorKind.CONVERSION, "cannot convert: " + e);
        }
        out.collect(decoded);
    }

    private ChangeEvent convert(SourceRecord record) {
        if (!(record.value() instanceof Struct)) {
            throw new DataException(ErrorKind.UNSUPPORTED, "not a change event: " + record);
        }
        Struct value = (Struct) record.value();
        Struct source = value.getStruct("source");
        Op op = op(value);
        TableId table = TableId.of(source.getString("schema"), source.getString("table"));
        Position position = position(source);
        if (op == Op.TRUNCATE) {
            return new ChangeEvent(table, op, null, null, TableSchema.EMPTY, position);
        }
        if (shapes == null) {
            shapes = new RowShapes();
        }
        RowShape shape = shapes.get(record.valueSchema(), record.keySchema());
        Object[] before = shape.row(value.getStruct("before"));
        Object[] after = shape.row(value.getStruct("after"));
        return new ChangeEvent(table, op, before, after, shape.schema(), position);
    }

    private static Op op(Struct value) {
        String code = value.getString("op");
        Op op = Op.fromCode(code);
        if (op == null) {
            throw new DataException(ErrorKind.UNSUPPORTED, "unknown operation '" + code + "'");
        }
        return op;
    }

    private Position position(Struct source) {
        Long lsn = optionalLong(source, "lsn");
        Long ts = optionalLong(source, "ts_ms");
        return new Position(
                slotName,
                0,
                lsn == null ? 0L : lsn,
                // Flink CDC's snapshot reads carry ts_ms 0: they have no commit time.
                ts == null || ts <= 0 ? -1L : ts,
                System.currentTimeMillis());
    }

    private static Long optionalLong(Struct struct, String name) {
        Field field = struct.schema().field(name);
        return field == null ? null : (Long) struct.get(field);
    }

    private ErrorRecord error(SourceRecord record, ErrorKind kind, String message) {
        Position position = null;
        String table = null;
        if (record.value() instanceof Struct) {
            Struct value = (Struct) record.value();
            Field sourceField = value.schema().field("source");
            Struct source = sourceField == null ? null : value.getStruct("source");
            if (source != null) {
                position = position(source);
                table = TableId.of(source.getString("schema"), source.getString("table")).text();
            }
        }
        return new ErrorRecord(
                sourceName,
                position,
                table,
                null,
                kind,
                message,
                text(record.key()),
                text(record.value()),
                System.currentTimeMillis());
    }

    private static byte[] text(Object o) {
        return o == null ? null : o.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<Object> getProducedType() {
        return DecodedRecordSerializer.TYPE;
    }
}
