package dev.tributary.jdbc.commit;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.flink.EventCodec;
import java.util.IdentityHashMap;
import java.util.Map;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.TableBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Binary form of {@link JdbcCommittable}, kept in Flink's checkpoints until the batch is committed.
 * Version 2: pipeline, sink, subtask, sequence; the batch's distinct schemas, each written once; then
 * per table the target, mode, truncate flag and the changes (kind, source table, op, schema number,
 * before and after rows, position). Writing each schema once per batch instead of once per change is
 * what keeps checkpointing a batch cheap. Stateless.
 */
public final class JdbcCommittableSerializer implements SimpleVersionedSerializer<JdbcCommittable> {
    private static final int VERSION = 2;
    private static final Op[] OPS = Op.values();
    private static final Change.Kind[] KINDS = Change.Kind.values();
    private static final WriteMode[] MODES = WriteMode.values();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(JdbcCommittable c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024 + c.size() * 160);
        out.writeUTF(c.pipeline());
        out.writeUTF(c.sink());
        out.writeInt(c.subtask());
        out.writeLong(c.sequence());
        Map<TableSchema, Integer> schemas = new IdentityHashMap<>();
        List<TableSchema> dictionary = new ArrayList<>();
        for (TableBatch t : c.tables()) {
            for (Change ch : t.changes()) {
                if (schemas.putIfAbsent(ch.event().schema(), dictionary.size()) == null) {
                    dictionary.add(ch.event().schema());
                }
            }
        }
        out.writeInt(dictionary.size());
        for (TableSchema schema : dictionary) {
            EventCodec.writeSchema(schema, out);
        }
        out.writeInt(c.tables().size());
        for (TableBatch t : c.tables()) {
            EventCodec.writeTable(t.target(), out);
            out.writeByte(t.mode().ordinal());
            out.writeBoolean(t.truncateFirst());
            out.writeInt(t.changes().size());
            TableId lastSource = null;
            for (Change ch : t.changes()) {
                ChangeEvent e = ch.event();
                out.writeByte(ch.kind().ordinal());
                // Most changes of a table come from one source table: write it only when it changes.
                boolean sameSource = e.table().equals(lastSource);
                out.writeBoolean(sameSource);
                if (!sameSource) {
                    EventCodec.writeTable(e.table(), out);
                    lastSource = e.table();
                }
                out.writeByte(e.op().ordinal());
                out.writeInt(schemas.get(e.schema()));
                EventCodec.writeRow(e.before(), out);
                EventCodec.writeRow(e.after(), out);
                EventCodec.writePosition(e.position(), out);
            }
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public JdbcCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version " + version + " of a jdbc sink batch (this build reads "
                    + VERSION + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String pipeline = in.readUTF();
        String sink = in.readUTF();
        int subtask = in.readInt();
        long sequence = in.readLong();
        TableSchema[] dictionary = new TableSchema[in.readInt()];
        for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = EventCodec.readSchema(in);
        }
        int tableCount = in.readInt();
        List<TableBatch> tables = new ArrayList<>(tableCount);
        for (int i = 0; i < tableCount; i++) {
            TableId target = EventCodec.readTable(in);
            WriteMode mode = MODES[in.readByte()];
            boolean truncate = in.readBoolean();
            int n = in.readInt();
            List<Change> changes = new ArrayList<>(n);
            TableId source = null;
            for (int j = 0; j < n; j++) {
                Change.Kind kind = KINDS[in.readByte()];
                if (!in.readBoolean()) {
                    source = EventCodec.readTable(in);
                }
                Op op = OPS[in.readByte()];
                TableSchema schema = dictionary[in.readInt()];
                Object[] before = EventCodec.readRow(in);
                Object[] after = EventCodec.readRow(in);
                changes.add(new Change(kind, new ChangeEvent(source, op, before, after, schema,
                        EventCodec.readPosition(in))));
            }
            tables.add(new TableBatch(target, mode, truncate, changes));
        }
        return new JdbcCommittable(pipeline, sink, subtask, sequence, tables);
    }
}
