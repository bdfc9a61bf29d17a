package dev.tributary.jdbc.writer;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.flink.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Appends change events in the record form of {@link EncodedChanges} to one growable byte buffer,
 * numbering their schemas and sources (source table and the name of the pipeline source it was read
 * by) in per-buffer dictionaries. The buffer and the dictionaries are reused from one checkpoint
 * interval to the next ({@link #reset}). Not thread-safe.
 */
final class ChangeEncoder {
    static final int BEFORE = 1;
    static final int AFTER = 2;
    private static final int INITIAL_CAPACITY = 4096;

    private DataOutputSerializer out = new DataOutputSerializer(INITIAL_CAPACITY);

    /** Schemas are immutable and shared by identity: one identity lookup per change at most. */
    private final Map<TableSchema, Integer> schemaIndex = new IdentityHashMap<>();

    private final List<TableSchema> schemas = new ArrayList<>();
    private TableSchema lastSchema;
    private int lastSchemaIndex;
    private final Map<Source, Integer> sourceIndex = new HashMap<>();
    private final List<Source> sources = new ArrayList<>();
    private TableId lastSource;
    private String lastSourceName;
    private int lastSourceIndex;

    /** A dictionary entry: a source table as read by one pipeline source. */
    private record Source(String name, TableId table) {}

    /**
     * Which row images of a change the committer reads ({@code TableApplier}, {@code SinkErrors}):
     * an upsert only {@code after}; an append or insert row only {@code after}, or {@code before}
     * when there is no {@code after}; key deletes and upsert changes applied by their op (they
     * compare the keys of both) both.
     */
    static int images(WriteMode mode, Change.Kind kind, ChangeEvent e) {
        int present = (e.before() != null ? BEFORE : 0) | (e.after() != null ? AFTER : 0);
        boolean oneRow =
                kind == Change.Kind.UPSERT
                        || (kind == Change.Kind.AS_IS && mode != WriteMode.UPSERT);
        return oneRow && (present & AFTER) != 0 ? AFTER : present;
    }

    /** The number of bytes encoded so far: where the next change starts. */
    int length() {
        return out.length();
    }

    /**
     * Appends one change with the row images in {@code images} (a mask of BEFORE and AFTER); {@code
     * sourceName} names the pipeline source it came from, or is null.
     */
    void encode(ChangeEvent e, String sourceName, int images) {
        try {
            out.writeByte(e.op().ordinal());
            writeVarInt(schema(e.schema()));
            writeVarInt(source(e.table(), sourceName));
            out.writeByte(images);
            if ((images & BEFORE) != 0) {
                EventCodec.writeRow(e.before(), out);
            }
            if ((images & AFTER) != 0) {
                EventCodec.writeRow(e.after(), out);
            }
            EventCodec.writePosition(e.position(), out);
        } catch (IOException x) {
            // DataOutputSerializer grows in memory and throws only when a value cannot be written.
            throw new UncheckedIOException("cannot encode " + e, x);
        }
    }

    private int schema(TableSchema s) {
        if (s != lastSchema) {
            Integer i = schemaIndex.get(s);
            if (i == null) {
                i = schemas.size();
                schemaIndex.put(s, i);
                schemas.add(s);
            }
            lastSchema = s;
            lastSchemaIndex = i;
        }
        return lastSchemaIndex;
    }

    private int source(TableId t, String name) {
        // Names are shared instances of the pipeline's source names: compared by identity first.
        if ((t != lastSource && !t.equals(lastSource))
                || (name != lastSourceName && !Objects.equals(name, lastSourceName))) {
            Source key = new Source(name, t);
            Integer i = sourceIndex.get(key);
            if (i == null) {
                i = sources.size();
                sourceIndex.put(key, i);
                sources.add(key);
            }
            lastSource = t;
            lastSourceName = name;
            lastSourceIndex = i;
        }
        return lastSourceIndex;
    }

    private void writeVarInt(int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /**
     * The buffer; bytes [0, {@link #length()}) are the encoded changes. Valid until the next write.
     */
    byte[] buffer() {
        return out.getSharedBuffer();
    }

    /**
     * Forgets the changes written since the last reset, keeping the dictionaries (an upsert
     * TRUNCATE).
     */
    void clearBytes() {
        out.clear();
    }

    /** The dictionaries, for the batch whose bytes were taken. */
    TableSchema[] schemas() {
        return schemas.toArray(new TableSchema[0]);
    }

    TableId[] sources() {
        TableId[] tables = new TableId[sources.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = sources.get(i).table();
        }
        return tables;
    }

    /** The pipeline source names, aligned with {@link #sources()}; entries may be null. */
    String[] sourceNames() {
        String[] names = new String[sources.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = sources.get(i).name();
        }
        return names;
    }

    /**
     * Empties the buffer and the dictionaries for the next checkpoint interval. The buffer keeps
     * its capacity when the last batch used a good part of it, so that it rarely grows while
     * writing.
     */
    void reset(int lastBatchBytes) {
        if (out.getSharedBuffer().length > 4 * Math.max(INITIAL_CAPACITY, lastBatchBytes)) {
            out = new DataOutputSerializer(Math.max(INITIAL_CAPACITY, 2 * lastBatchBytes));
        } else {
            out.clear();
        }
        schemaIndex.clear();
        schemas.clear();
        lastSchema = null;
        sourceIndex.clear();
        sources.clear();
        lastSource = null;
        lastSourceName = null;
    }

    /**
     * Encodes {@code changes} of a batch in {@code mode} (a batch built from a list of changes).
     */
    static EncodedChanges encodeAll(WriteMode mode, List<Change> changes) {
        ChangeEncoder encoder = new ChangeEncoder();
        byte[] kinds = new byte[changes.size()];
        boolean allAsIs = true;
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            kinds[i] = (byte) c.kind().ordinal();
            allAsIs &= c.kind() == Change.Kind.AS_IS;
            encoder.encode(c.event(), c.source(), images(mode, c.kind(), c.event()));
        }
        byte[] bytes = Arrays.copyOf(encoder.buffer(), encoder.length());
        return new EncodedChanges(
                encoder.schemas(),
                encoder.sources(),
                encoder.sourceNames(),
                allAsIs ? null : kinds,
                bytes,
                changes.size());
    }
}
