package dev.tributary.api.flink;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The binary form of events, sink records and errors, and of their parts for connectors that store
 * batches in checkpoints: a batch can write each distinct schema once ({@link #writeSchema}) and
 * then only rows and positions. In {@link #writeEvent} the schema travels with each event: events
 * cross the network only when the pipeline repartitions, and then correctness beats a schema
 * registry. Stateless.
 */
public final class EventCodec {
    private static final TypeKind[] KINDS = TypeKind.values();
    private static final Op[] OPS = Op.values();
    private static final WriteMode[] MODES = WriteMode.values();
    private static final ErrorKind[] ERROR_KINDS = ErrorKind.values();

    private EventCodec() {}

    /** A row of values, each tagged with its Java class; null rows allowed. */
    public static void writeRow(Object[] row, DataOutputView out) throws IOException {
        ValueCodec.writeRow(row, out);
    }

    public static Object[] readRow(DataInputView in) throws IOException {
        return ValueCodec.readRow(in);
    }

    /** A whole event, schema included. */
    public static void writeEvent(ChangeEvent e, DataOutputView out) throws IOException {
        writeTable(e.table(), out);
        out.writeByte(e.op().ordinal());
        writeSchema(e.schema(), out);
        ValueCodec.writeRow(e.before(), out);
        ValueCodec.writeRow(e.after(), out);
        writePosition(e.position(), out);
    }

    public static ChangeEvent readEvent(DataInputView in) throws IOException {
        TableId table = readTable(in);
        Op op = OPS[in.readByte()];
        TableSchema schema = readSchema(in);
        Object[] before = ValueCodec.readRow(in);
        Object[] after = ValueCodec.readRow(in);
        return new ChangeEvent(table, op, before, after, schema, readPosition(in));
    }

    public static void writeRecord(SinkRecord r, DataOutputView out) throws IOException {
        ValueCodec.writeString(r.source(), out);
        writeTable(r.target(), out);
        out.writeByte(r.mode().ordinal());
        writeEvent(r.event(), out);
    }

    public static SinkRecord readRecord(DataInputView in) throws IOException {
        String source = ValueCodec.readString(in);
        TableId target = readTable(in);
        WriteMode mode = MODES[in.readByte()];
        return new SinkRecord(source, target, mode, readEvent(in));
    }

    public static void writeError(ErrorRecord e, DataOutputView out) throws IOException {
        ValueCodec.writeString(e.source(), out);
        out.writeBoolean(e.position() != null);
        if (e.position() != null) {
            writePosition(e.position(), out);
        }
        ValueCodec.writeString(e.sourceTable(), out);
        ValueCodec.writeString(e.targetTable(), out);
        out.writeByte(e.kind().ordinal());
        ValueCodec.writeString(e.message(), out);
        ValueCodec.writeBytes(e.rawKey(), out);
        ValueCodec.writeBytes(e.rawValue(), out);
        out.writeLong(e.time());
    }

    public static ErrorRecord readError(DataInputView in) throws IOException {
        String source = ValueCodec.readString(in);
        Position position = in.readBoolean() ? readPosition(in) : null;
        String sourceTable = ValueCodec.readString(in);
        String targetTable = ValueCodec.readString(in);
        ErrorKind kind = ERROR_KINDS[in.readByte()];
        String message = ValueCodec.readString(in);
        byte[] key = ValueCodec.readBytes(in);
        byte[] value = ValueCodec.readBytes(in);
        return new ErrorRecord(
                source,
                position,
                sourceTable,
                targetTable,
                kind,
                message,
                key,
                value,
                in.readLong());
    }

    /** Catalog and schema (each may be null) and table. */
    public static void writeTable(TableId t, DataOutputView out) throws IOException {
        ValueCodec.writeString(t.catalog(), out);
        ValueCodec.writeString(t.schema(), out);
        ValueCodec.writeString(t.table(), out);
    }

    public static TableId readTable(DataInputView in) throws IOException {
        return new TableId(
                ValueCodec.readString(in), ValueCodec.readString(in), ValueCodec.readString(in));
    }

    /** Columns with their types and nullability, then the key. */
    public static void writeSchema(TableSchema s, DataOutputView out) throws IOException {
        out.writeInt(s.size());
        for (Column c : s.columns()) {
            ValueCodec.writeString(c.name(), out);
            out.writeBoolean(c.nullable());
            DataType t = c.type();
            out.writeByte(t == null ? -1 : t.kind().ordinal());
            if (t != null) {
                out.writeInt(t.length());
                out.writeInt(t.scale());
            }
        }
        out.writeInt(s.primaryKey().size());
        for (String k : s.primaryKey()) {
            ValueCodec.writeString(k, out);
        }
    }

    public static TableSchema readSchema(DataInputView in) throws IOException {
        int n = in.readInt();
        List<Column> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = ValueCodec.readString(in);
            boolean nullable = in.readBoolean();
            byte kind = in.readByte();
            DataType type = null;
            if (kind >= 0) {
                type = toType(KINDS[kind], in.readInt(), in.readInt());
            }
            columns.add(new Column(name, type, nullable));
        }
        int k = in.readInt();
        List<String> key = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            key.add(ValueCodec.readString(in));
        }
        return new TableSchema(columns, key);
    }

    private static DataType toType(TypeKind kind, int length, int scale) {
        if (kind == TypeKind.DECIMAL) {
            return DataType.decimal(length, scale);
        }
        return length == DataType.UNBOUNDED ? DataType.of(kind) : DataType.sized(kind, length);
    }

    /** Stream, partition, offset and both timestamps. */
    public static void writePosition(Position p, DataOutputView out) throws IOException {
        ValueCodec.writeString(p.stream(), out);
        out.writeInt(p.partition());
        out.writeLong(p.offset());
        out.writeLong(p.sourceTimestamp());
        out.writeLong(p.readTimestamp());
    }

    public static Position readPosition(DataInputView in) throws IOException {
        return new Position(
                ValueCodec.readString(in),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readLong());
    }
}
