package dev.tributary.jdbc.commit;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.flink.ChangeEventSerializer;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.TableBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Binary form of {@link JdbcCommittable}, kept in Flink's checkpoints until the batch is committed.
 * Version 1: pipeline, sink, subtask, sequence, then per table the target, mode, truncate flag and
 * the changes (kind byte and the event in tributary's own event encoding). Stateless.
 */
public final class JdbcCommittableSerializer implements SimpleVersionedSerializer<JdbcCommittable> {
    private static final int VERSION = 1;
    private static final Change.Kind[] KINDS = Change.Kind.values();
    private static final WriteMode[] MODES = WriteMode.values();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(JdbcCommittable c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256 + c.size() * 64);
        out.writeUTF(c.pipeline());
        out.writeUTF(c.sink());
        out.writeInt(c.subtask());
        out.writeLong(c.sequence());
        out.writeInt(c.tables().size());
        for (TableBatch t : c.tables()) {
            writeTable(t.target(), out);
            out.writeByte(t.mode().ordinal());
            out.writeBoolean(t.truncateFirst());
            out.writeInt(t.changes().size());
            for (Change ch : t.changes()) {
                out.writeByte(ch.kind().ordinal());
                ChangeEventSerializer.INSTANCE.serialize(ch.event(), out);
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
        int tableCount = in.readInt();
        List<TableBatch> tables = new ArrayList<>(tableCount);
        for (int i = 0; i < tableCount; i++) {
            TableId target = readTable(in);
            WriteMode mode = MODES[in.readByte()];
            boolean truncate = in.readBoolean();
            int n = in.readInt();
            List<Change> changes = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                Change.Kind kind = KINDS[in.readByte()];
                ChangeEvent event = ChangeEventSerializer.INSTANCE.deserialize(in);
                changes.add(new Change(kind, event));
            }
            tables.add(new TableBatch(target, mode, truncate, changes));
        }
        return new JdbcCommittable(pipeline, sink, subtask, sequence, tables);
    }

    private static void writeTable(TableId t, DataOutputView out) throws IOException {
        writeNullable(t.catalog(), out);
        writeNullable(t.schema(), out);
        out.writeUTF(t.table());
    }

    private static TableId readTable(DataInputView in) throws IOException {
        return new TableId(readNullable(in), readNullable(in), in.readUTF());
    }

    private static void writeNullable(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
