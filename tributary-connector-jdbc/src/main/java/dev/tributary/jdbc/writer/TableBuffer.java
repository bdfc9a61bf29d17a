package dev.tributary.jdbc.writer;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.Position;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.Arrays;

/**
 * Buffers the changes for one target table and mode between checkpoints, encoded into bytes as they
 * arrive ({@link ChangeEncoder}). Upserts are reduced to the last change per key, keyed by the
 * event schema's key columns; append and insert records are kept in order.
 *
 * <p><b>Why encode on arrival.</b> Every batch is serialized into Flink's checkpoint in the task
 * thread. Serialized there from events, that walk touched a whole checkpoint interval of event
 * objects created up to seconds earlier, long gone from the CPU caches, and took about half of the
 * task thread. Encoded here, each event is still in cache; the batch then holds the surviving
 * changes' bytes ({@link EncodedChanges}), the checkpoint copies those, and decoding them back into
 * events happens in the committer's apply, on the applier thread. Only the key of an upsert is read
 * from the event here ({@link RowKey}), for the reduction.
 *
 * <p>In upsert mode each key maps to the (kind, offset, length) of its latest change in the buffer;
 * the kind belongs to the entry, not to the encoded event: a key-changing update is encoded once,
 * with both row images, and backs the DELETE of its old key and the UPSERT of its new one. Bytes of
 * replaced changes stay in the buffer until {@link #drain()} copies the survivors out. The buffer
 * is reused from one checkpoint interval to the next. Not thread-safe.
 */
final class TableBuffer {
    private final TableId target;
    private final WriteMode mode;
    private final ChangeEncoder encoder = new ChangeEncoder();

    /** Upsert mode: the latest change per key, and the changes without a usable key. */
    private final LatestChanges latest = new LatestChanges();

    /** Append and insert modes: how many changes the buffer holds. */
    private int count;

    private boolean truncateFirst;

    /** Progress since the last drain, kept in primitives: no object per event. */
    private long events;

    private long snapshotReads;
    private String lastStream;
    private int lastPartition;
    private long lastOffset;
    private long newestSourceTimestamp = -1;
    private boolean lastWasSnapshotRead;

    TableBuffer(TableId target, WriteMode mode) {
        this.target = target;
        this.mode = mode;
    }

    /** Buffers {@code event}, read by the pipeline source called {@code source} (or null). */
    void add(ChangeEvent event, String source) {
        track(event);
        if (mode != WriteMode.UPSERT) {
            encoder.encode(event, source, ChangeEncoder.images(mode, Change.Kind.AS_IS, event));
            count++;
            return;
        }
        int[] key = event.schema().keyIndexes();
        switch (event.op()) {
            case TRUNCATE:
                // Everything buffered before the truncate is gone with it; what follows lands
                // after.
                latest.clear();
                encoder.clearBytes();
                truncateFirst = true;
                // Kept only for an error row, should the sink refuse the target.
                int at = encode(event, source, Change.Kind.TRUNCATE);
                latest.put(null, Change.Kind.TRUNCATE, at, encoder.length() - at);
                return;
            case INSERT:
            case SNAPSHOT:
                addByKey(event.after(), key, Change.Kind.UPSERT, event, source);
                return;
            case UPDATE:
                if (keepsIntegerKey(event, key)) {
                    addByKey(event.after(), key, Change.Kind.UPSERT, event, source);
                    return;
                }
                RowKey newKey = RowKey.of(event.after(), key);
                RowKey oldKey = RowKey.of(event.before(), key);
                if (newKey != null && oldKey != null && !oldKey.equals(newKey)) {
                    // The row moved to another key: the old key must go, in the same batch. One
                    // encoding with both images backs both entries.
                    int offset = encode(event, source, Change.Kind.DELETE);
                    int length = encoder.length() - offset;
                    latest.moveToEnd(oldKey, Change.Kind.DELETE, offset, length);
                    latest.put(newKey, Change.Kind.UPSERT, offset, length);
                    return;
                }
                add(newKey, Change.Kind.UPSERT, event, source);
                return;
            case DELETE:
                // A later re-insert of the same key replaces this entry, so the row stays.
                addByKey(event.before(), key, Change.Kind.DELETE, event, source);
                return;
            default:
                throw new IllegalArgumentException("unsupported op " + event.op() + " in " + event);
        }
    }

    private void track(ChangeEvent event) {
        events++;
        lastWasSnapshotRead = event.op() == Op.SNAPSHOT;
        if (lastWasSnapshotRead) {
            snapshotReads++;
        }
        Position p = event.position();
        lastStream = p.stream();
        lastPartition = p.partition();
        lastOffset = p.offset();
        if (p.sourceTimestamp() > newestSourceTimestamp) {
            newestSourceTimestamp = p.sourceTimestamp();
        }
    }

    /**
     * True when the update's key is one integer that it does not change (the usual update: without
     * a {@code before} image, or with the same key in it).
     */
    private static boolean keepsIntegerKey(ChangeEvent event, int[] key) {
        if (!RowKey.isInteger(event.after(), key)) {
            return false;
        }
        Object[] before = event.before();
        return before == null
                || (RowKey.isInteger(before, key)
                        && RowKey.integer(before, key) == RowKey.integer(event.after(), key));
    }

    /**
     * {@link #add} under the key of {@code row}. A key of one integer, the usual case, goes
     * straight to the table of numbers, without a {@link RowKey} per event.
     */
    private void addByKey(
            Object[] row, int[] key, Change.Kind kind, ChangeEvent event, String source) {
        if (!RowKey.isInteger(row, key)) {
            add(RowKey.of(row, key), kind, event, source);
            return;
        }
        int offset = encode(event, source, kind);
        latest.putInteger(RowKey.integer(row, key), kind, offset, encoder.length() - offset);
    }

    /**
     * Encodes {@code event} and puts it under {@code key}; a change without a usable key (untyped
     * events, a missing row) is kept as it is: the committer resolves it against the target table's
     * key, or reports the event.
     */
    private void add(RowKey key, Change.Kind kind, ChangeEvent event, String source) {
        Change.Kind k = key == null ? Change.Kind.AS_IS : kind;
        int offset = encode(event, source, k);
        // A replaced key keeps its place in the order, as LinkedHashMap.put would keep it.
        latest.put(key, k, offset, encoder.length() - offset);
    }

    /**
     * Appends {@code event} with the row images {@code kind} needs; returns where it starts. It
     * ends at {@code encoder.length()}.
     */
    private int encode(ChangeEvent event, String source, Change.Kind kind) {
        int offset = encoder.length();
        encoder.encode(event, source, ChangeEncoder.images(mode, kind, event));
        return offset;
    }

    boolean isEmpty() {
        return latest.isEmpty() && count == 0 && !truncateFirst;
    }

    /** The buffered changes as a batch; empties this buffer for the next checkpoint interval. */
    TableBatch drain() {
        EncodedChanges changes;
        if (mode == WriteMode.UPSERT) {
            changes = compact();
        } else {
            changes =
                    new EncodedChanges(
                            encoder.schemas(),
                            encoder.sources(),
                            encoder.sourceNames(),
                            null,
                            Arrays.copyOf(encoder.buffer(), encoder.length()),
                            count);
        }
        TableProgress progress =
                new TableProgress(
                        events,
                        snapshotReads,
                        lastStream,
                        lastPartition,
                        lastOffset,
                        newestSourceTimestamp,
                        lastWasSnapshotRead);
        TableBatch batch = new TableBatch(target, mode, truncateFirst, changes, progress);
        encoder.reset(changes.bytes().length);
        latest.clear();
        count = 0;
        truncateFirst = false;
        events = 0;
        snapshotReads = 0;
        lastStream = null;
        newestSourceTimestamp = -1;
        return batch;
    }

    /** The surviving changes' bytes, in the map's order, in one array. */
    private EncodedChanges compact() {
        int total = 0;
        for (int e = 0; e < latest.entries(); e++) {
            if (!latest.moved(e)) {
                total += latest.length(e);
            }
        }
        byte[] bytes = new byte[total];
        byte[] kinds = new byte[latest.size()];
        byte[] buffer = encoder.buffer();
        int at = 0;
        int i = 0;
        for (int e = 0; e < latest.entries(); e++) {
            if (latest.moved(e)) {
                continue;
            }
            System.arraycopy(buffer, latest.offset(e), bytes, at, latest.length(e));
            at += latest.length(e);
            kinds[i++] = (byte) latest.kind(e).ordinal();
        }
        return new EncodedChanges(
                encoder.schemas(),
                encoder.sources(),
                encoder.sourceNames(),
                kinds,
                bytes,
                kinds.length);
    }
}
