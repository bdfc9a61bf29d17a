package dev.tributary.jdbc.writer;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.flink.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.memory.DataInputDeserializer;

/**
 * The changes of one table batch in binary form, as the writer encoded them when they arrived: the
 * schemas and source tables (with the names of the pipeline sources that read them) they refer to,
 * each once, their kinds, and one record per change, back to back: op, schema number, source table
 * number (both unsigned varints), which row images follow (1 before, 2 after), the before and/or
 * after row, the position (rows and position as {@link EventCodec} writes them). This is also the
 * form a batch takes in a checkpoint, there with the records compressed ({@link #compressed()}), so
 * checkpointing it does no work per change. Immutable; the arrays are shared, never modified.
 */
public final class EncodedChanges {
    private static final Op[] OPS = Op.values();
    private static final Change.Kind[] KINDS = Change.Kind.values();

    private final TableSchema[] schemas;
    private final TableId[] sources;
    private final String[] sourceNames;
    private final byte[] kinds;
    private final byte[] bytes;
    private final int count;

    /** The records compressed for the checkpoint, made on first use. */
    private Compressed compressed;

    /**
     * @param schemas the schemas the records refer to by number
     * @param sources the source tables the records refer to by number
     * @param sourceNames the names of the pipeline sources they were read by, aligned with {@code
     *     sources}; entries may be null
     * @param kinds the kind of each change by its ordinal, or null when every change is {@link
     *     Change.Kind#AS_IS} (append and insert modes)
     * @param bytes the records
     * @param count how many records {@code bytes} holds
     */
    public EncodedChanges(
            TableSchema[] schemas,
            TableId[] sources,
            String[] sourceNames,
            byte[] kinds,
            byte[] bytes,
            int count) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.sourceNames = Objects.requireNonNull(sourceNames, "sourceNames");
        if (sourceNames.length != sources.length) {
            throw new IllegalArgumentException(
                    sourceNames.length + " source names for " + sources.length + " sources");
        }
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        if (kinds != null && kinds.length != count) {
            throw new IllegalArgumentException(kinds.length + " kinds for " + count + " changes");
        }
        this.kinds = kinds;
        this.count = count;
    }

    public TableSchema[] schemas() {
        return schemas;
    }

    public TableId[] sources() {
        return sources;
    }

    /** Aligned with {@link #sources()}; entries may be null. */
    public String[] sourceNames() {
        return sourceNames;
    }

    /** Null when every change is applied as it is. */
    public byte[] kinds() {
        return kinds;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int count() {
        return count;
    }

    /**
     * The records' bytes in LZ4's block format, for the checkpoint. Made on the first call and
     * kept: Flink 1.20's committer serializes each pending committable eight times per checkpoint
     * (its state serializer nests three lists and calls each element's serializer twice) and copies
     * the result at every level, so the batch is compressed once and every copy is smaller (about
     * 2.2 times for the bench's orders).
     */
    public synchronized Compressed compressed() {
        if (compressed == null) {
            compressed = Lz4Blocks.compress(bytes, bytes.length);
        }
        return compressed;
    }

    /**
     * A batch restored from a checkpoint, its records given as {@link #compressed()} made them;
     * they are decompressed here and the compressed form is kept for the next checkpoint.
     *
     * @param rawLength the length of the records uncompressed
     * @throws IOException when the compressed records are damaged
     */
    public static EncodedChanges restore(
            TableSchema[] schemas,
            TableId[] sources,
            String[] sourceNames,
            byte[] kinds,
            Compressed records,
            int rawLength,
            int count)
            throws IOException {
        byte[] bytes = Lz4Blocks.decompress(records.array(), records.length(), rawLength);
        EncodedChanges restored =
                new EncodedChanges(schemas, sources, sourceNames, kinds, bytes, count);
        restored.compressed = records;
        return restored;
    }

    /** The changes, decoded into new events (their schemas and source tables are shared). */
    List<Change> decode() {
        List<Change> changes = new ArrayList<>(count);
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        try {
            for (int i = 0; i < count; i++) {
                Change.Kind kind = kinds == null ? Change.Kind.AS_IS : KINDS[kinds[i]];
                Op op = OPS[in.readByte()];
                TableSchema schema = schemas[readVarInt(in)];
                int sourceNumber = readVarInt(in);
                TableId source = sources[sourceNumber];
                int images = in.readByte();
                Object[] before =
                        (images & ChangeEncoder.BEFORE) != 0 ? EventCodec.readRow(in) : null;
                Object[] after =
                        (images & ChangeEncoder.AFTER) != 0 ? EventCodec.readRow(in) : null;
                Position position = EventCodec.readPosition(in);
                changes.add(
                        new Change(
                                kind,
                                new ChangeEvent(source, op, before, after, schema, position),
                                sourceNames[sourceNumber]));
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(
                    new IOException(
                            "corrupt encoded batch: change "
                                    + changes.size()
                                    + " of "
                                    + count
                                    + " cannot be decoded: "
                                    + e,
                            e));
        }
        if (in.available() != 0) {
            throw new UncheckedIOException(
                    new IOException(
                            "corrupt encoded batch: "
                                    + in.available()
                                    + " bytes left after "
                                    + count
                                    + " changes"));
        }
        return changes;
    }

    /**
     * Compressed records: {@code array[0, length)}.
     *
     * @param array the bytes, possibly longer than the compressed records
     * @param length how many of them the compressed records take
     */
    public record Compressed(byte[] array, int length) {}

    private static int readVarInt(DataInputDeserializer in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }
}
