package dev.tributary.jdbc.commit;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.flink.EventCodec;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.EncodedChanges;
import dev.tributary.jdbc.writer.TableBatch;
import dev.tributary.jdbc.writer.TableProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Binary form of {@link JdbcCommittable}, kept in Flink's checkpoints until the batch is committed.
 *
 * <p>Version 8: pipeline, sink, subtask, sequence; then per table the target, mode, truncate flag,
 * number of changes, and its {@link EncodedChanges}: the schemas, the source tables with the names
 * of the pipeline sources that read them, the kinds (when not all {@link Change.Kind#AS_IS}), the
 * batch's {@link TableProgress}, the records' length, and the records compressed ({@link
 * EncodedChanges#compressed()}: their length, then the bytes). Every batch is serialized into the
 * checkpoint in the task thread; the writer encoded each change when it arrived, while it was in
 * the CPU caches, so serializing a batch compresses it once and copies bytes; it does no work per
 * change. The changes are decoded again on the applier thread, when the committer applies them.
 *
 * <p>An upsert batch's truncate flag has its TRUNCATE event among the changes, as {@link
 * Change.Kind#TRUNCATE}, so that a refused target can report it.
 *
 * <p>Still read: version 7 (the same layout, whose truncate flag has no event: a refused target's
 * truncate is then not reported), version 6 (version 7 with the records uncompressed), version 5
 * (version 6 without the source names), version 4 (version 5 without the progress), version 3 (the
 * batch's distinct schemas once, then per change the kind, source table when it changes, op, schema
 * number, which row images follow, the rows, position) and version 2 (both row images always).
 * Stateless.
 */
public final class JdbcCommittableSerializer implements SimpleVersionedSerializer<JdbcCommittable> {
    private static final int VERSION = 8;
    private static final int VERSION_WITHOUT_TRUNCATE_EVENT = 7;
    private static final int VERSION_UNCOMPRESSED = 6;
    private static final int VERSION_WITHOUT_SOURCE_NAMES = 5;
    private static final int VERSION_WITHOUT_PROGRESS = 4;
    private static final int VERSION_PER_CHANGE = 3;
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

    @Override
    public byte[] serialize(JdbcCommittable c) throws IOException {
        // Everything but the changes' bytes goes to a small buffer first; the result is then
        // assembled with each batch's compressed bytes copied once, straight into an array of the
        // exact size.
        DataOutputSerializer meta = new DataOutputSerializer(1024);
        meta.writeUTF(c.pipeline());
        meta.writeUTF(c.sink());
        meta.writeInt(c.subtask());
        meta.writeLong(c.sequence());
        meta.writeInt(c.tables().size());
        List<EncodedChanges.Compressed> records = new ArrayList<>(c.tables().size());
        int[] cuts = new int[c.tables().size()];
        long total = 0;
        for (int i = 0; i < c.tables().size(); i++) {
            TableBatch t = c.tables().get(i);
            EncodedChanges e = t.encoded();
            EncodedChanges.Compressed compressed = e.compressed();
            records.add(compressed);
            EventCodec.writeTable(t.target(), meta);
            meta.writeByte(t.mode().ordinal());
            meta.writeBoolean(t.truncateFirst());
            meta.writeInt(e.count());
            meta.writeInt(e.schemas().length);
            for (TableSchema schema : e.schemas()) {
                EventCodec.writeSchema(schema, meta);
            }
            meta.writeInt(e.sources().length);
            for (int j = 0; j < e.sources().length; j++) {
                EventCodec.writeTable(e.sources()[j], meta);
                String name = e.sourceNames()[j];
                meta.writeBoolean(name != null);
                if (name != null) {
                    meta.writeUTF(name);
                }
            }
            meta.writeBoolean(e.kinds() != null);
            if (e.kinds() != null) {
                meta.write(e.kinds());
            }
            writeProgress(t.progress(), meta);
            meta.writeInt(e.bytes().length);
            meta.writeInt(compressed.length());
            cuts[i] = meta.length();
            total += compressed.length();
        }
        total += meta.length();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IOException(c + " is too large to checkpoint: " + total + " bytes");
        }
        byte[] out = new byte[(int) total];
        byte[] head = meta.getSharedBuffer();
        int from = 0;
        int at = 0;
        for (int i = 0; i < cuts.length; i++) {
            System.arraycopy(head, from, out, at, cuts[i] - from);
            at += cuts[i] - from;
            from = cuts[i];
            EncodedChanges.Compressed compressed = records.get(i);
            System.arraycopy(compressed.array(), 0, out, at, compressed.length());
            at += compressed.length();
        }
        System.arraycopy(head, from, out, at, meta.length() - from);
        return out;
    }

    @Override
    public JdbcCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION
                && version != VERSION_WITHOUT_TRUNCATE_EVENT
                && version != VERSION_UNCOMPRESSED
                && version != VERSION_WITHOUT_SOURCE_NAMES
                && version != VERSION_WITHOUT_PROGRESS
                && version != VERSION_PER_CHANGE
                && version != VERSION_BOTH_IMAGES) {
            throw new IOException(
                    "unknown version "
                            + version
                            + " of a jdbc sink batch (this build reads "
                            + VERSION_BOTH_IMAGES
                            + " to "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String pipeline = in.readUTF();
        String sink = in.readUTF();
        int subtask = in.readInt();
        long sequence = in.readLong();
        List<TableBatch> tables =
                version >= VERSION_WITHOUT_PROGRESS
                        ? readEncoded(version, in)
                        : readPerChange(version, in);
        return new JdbcCommittable(pipeline, sink, subtask, sequence, tables);
    }

    private static void writeProgress(TableProgress p, DataOutputSerializer out)
            throws IOException {
        out.writeLong(p.events());
        out.writeLong(p.snapshotReads());
        out.writeBoolean(p.stream() != null);
        if (p.stream() != null) {
            out.writeUTF(p.stream());
        }
        out.writeInt(p.partition());
        out.writeLong(p.offset());
        out.writeLong(p.sourceTimestamp());
        out.writeBoolean(p.lastWasSnapshotRead());
    }

    private static TableProgress readProgress(DataInputDeserializer in) throws IOException {
        long events = in.readLong();
        long snapshotReads = in.readLong();
        String stream = in.readBoolean() ? in.readUTF() : null;
        int partition = in.readInt();
        long offset = in.readLong();
        long sourceTimestamp = in.readLong();
        return new TableProgress(
                events,
                snapshotReads,
                stream,
                partition,
                offset,
                sourceTimestamp,
                in.readBoolean());
    }

    private static List<TableBatch> readEncoded(int version, DataInputDeserializer in)
            throws IOException {
        int tableCount = in.readInt();
        List<TableBatch> tables = new ArrayList<>(tableCount);
        for (int i = 0; i < tableCount; i++) {
            TableId target = EventCodec.readTable(in);
            WriteMode mode = MODES[in.readByte()];
            boolean truncate = in.readBoolean();
            int count = in.readInt();
            TableSchema[] schemas = new TableSchema[in.readInt()];
            for (int j = 0; j < schemas.length; j++) {
                schemas[j] = EventCodec.readSchema(in);
            }
            TableId[] sources = new TableId[in.readInt()];
            String[] sourceNames = new String[sources.length];
            for (int j = 0; j < sources.length; j++) {
                sources[j] = EventCodec.readTable(in);
                if (version >= VERSION_UNCOMPRESSED && in.readBoolean()) {
                    sourceNames[j] = in.readUTF();
                }
            }
            byte[] kinds = null;
            if (in.readBoolean()) {
                kinds = new byte[count];
                in.readFully(kinds);
            }
            TableProgress progress =
                    version >= VERSION_WITHOUT_SOURCE_NAMES ? readProgress(in) : TableProgress.NONE;
            EncodedChanges changes;
            if (version >= VERSION_WITHOUT_TRUNCATE_EVENT) {
                int rawLength = in.readInt();
                byte[] compressed = new byte[in.readInt()];
                in.readFully(compressed);
                changes =
                        EncodedChanges.restore(
                                schemas,
                                sources,
                                sourceNames,
                                kinds,
                                new EncodedChanges.Compressed(compressed, compressed.length),
                                rawLength,
                                count);
            } else {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                changes = new EncodedChanges(schemas, sources, sourceNames, kinds, bytes, count);
            }
            tables.add(new TableBatch(target, mode, truncate, changes, progress));
        }
        return tables;
    }

    private static List<TableBatch> readPerChange(int version, DataInputDeserializer in)
            throws IOException {
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
                changes.add(
                        new Change(
                                kind,
                                new ChangeEvent(
                                        source,
                                        op,
                                        before,
                                        after,
                                        schema,
                                        EventCodec.readPosition(in))));
            }
            tables.add(new TableBatch(target, mode, truncate, changes));
        }
        return tables;
    }
}
