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
 * Version 3: pipeline, sink, subtask, sequence; the batch's distinct schemas, each written once; then
 * per table the target, mode, truncate flag and the changes (kind, source table, op, schema number,
 * which row images follow, the before and/or after row, position). Writing each schema once per batch
 * instead of once per change, and only the row images the committer reads (see {@link #images}), is
 * what keeps checkpointing a batch cheap: every batch is serialized into the checkpoint in the task
 * thread. Version 2 (both images always) is still read. Thread-safe: its only state is a size hint.
 */
public final class JdbcCommittableSerializer implements SimpleVersionedSerializer<JdbcCommittable> {
    private static final int VERSION = 3;
    private static final int VERSION_BOTH_IMAGES = 2;
    private static final int BEFORE = 1;
    private static final int AFTER = 2;
    private static final Op[] OPS = Op.values();
    private static final Change.Kind[] KINDS = Change.Kind.values();
    private static final WriteMode[] MODES = WriteMode.values();

    @Override
    public int getVersion() {
        return VERSION;
    }

    /** Bytes per change of the last batch, so that the buffer rarely grows while writing. */
    private volatile int bytesPerChange = 160;

    /**
     * Which row images of a change the committer reads ({@link TableApplier}, {@link SinkErrors}):
     * an upsert only {@code after}; an append or insert row only {@code after}, or {@code before}
     * when there is no {@code after}; key deletes and upsert changes applied by their op (they compare
     * the keys of both) both.
     */
    static int images(TableBatch t, Change ch) {
        ChangeEvent e = ch.event();
        int present = (e.before() != null ? BEFORE : 0) | (e.after() != null ? AFTER : 0);
        boolean oneRow = ch.kind() == Change.Kind.UPSERT
                || (ch.kind() == Change.Kind.AS_IS && t.mode() != WriteMode.UPSERT);
        return oneRow && (present & AFTER) != 0 ? AFTER : present;
    }

    @Override
    public byte[] serialize(JdbcCommittable c) throws IOException {
        int changes = c.size();
        DataOutputSerializer out = new DataOutputSerializer(1024 + changes * (bytesPerChange + bytesPerChange / 8));
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
                int images = images(t, ch);
                out.writeByte(images);
                if ((images & BEFORE) != 0) {
                    EventCodec.writeRow(e.before(), out);
                }
                if ((images & AFTER) != 0) {
                    EventCodec.writeRow(e.after(), out);
                }
                EventCodec.writePosition(e.position(), out);
            }
        }
        if (changes > 0) {
            bytesPerChange = Math.max(16, (out.length() - 1024) / changes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public JdbcCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION && version != VERSION_BOTH_IMAGES) {
            throw new IOException("unknown version " + version + " of a jdbc sink batch (this build reads "
                    + VERSION_BOTH_IMAGES + " and " + VERSION + ")");
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
                int images = version == VERSION_BOTH_IMAGES ? BEFORE | AFTER : in.readByte();
                Object[] before = (images & BEFORE) != 0 ? EventCodec.readRow(in) : null;
                Object[] after = (images & AFTER) != 0 ? EventCodec.readRow(in) : null;
                changes.add(new Change(kind, new ChangeEvent(source, op, before, after, schema,
                        EventCodec.readPosition(in))));
            }
            tables.add(new TableBatch(target, mode, truncate, changes));
        }
        return new JdbcCommittable(pipeline, sink, subtask, sequence, tables);
    }
}
