package dev.tributary.jdbc.writer;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The changes of one checkpoint interval for one target table and mode, as the writer reduced them.
 *
 * <p>The writer builds a batch from {@link EncodedChanges}: its changes were encoded as they
 * arrived (see {@link TableBuffer}), the checkpoint stores those bytes as they are, and {@link
 * #changes()} decodes them on first use, which is in the committer's apply, on the applier thread.
 * A batch built from a list of changes (tests, a batch restored from an older checkpoint version)
 * is encoded on first use of {@link #encoded()} instead. Immutable; thread-safe: each lazy form is
 * computed once, and a batch that has one form never waits for the other (the task thread can
 * checkpoint a batch of encoded changes while the applier thread decodes it).
 */
public final class TableBatch {
    private final TableId target;
    private final WriteMode mode;
    private final boolean truncateFirst;
    private final int size;
    private final TableProgress progress;

    /** Set by the constructor or on first use; never replaced once set. */
    private volatile EncodedChanges encoded;

    private volatile List<Change> changes;

    /**
     * @param target the target table
     * @param mode how to write it
     * @param truncateFirst empty the table before applying {@code changes} (an upsert-mode
     *     TRUNCATE)
     * @param changes in order; in upsert mode at most one change per key (plus key deletes of
     *     key-changing updates); in append and insert modes all {@link Change.Kind#AS_IS}
     */
    public TableBatch(TableId target, WriteMode mode, boolean truncateFirst, List<Change> changes) {
        this(target, mode, truncateFirst, changes, TableProgress.NONE);
    }

    /** A batch of changes with the progress its events told. */
    public TableBatch(
            TableId target,
            WriteMode mode,
            boolean truncateFirst,
            List<Change> changes,
            TableProgress progress) {
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.truncateFirst = truncateFirst;
        this.changes = List.copyOf(changes);
        this.size = this.changes.size();
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * A batch of encoded changes, decoded when {@link #changes()} is first called.
     *
     * @param progress what the events of the batch tell about the pipeline's progress
     */
    public TableBatch(
            TableId target,
            WriteMode mode,
            boolean truncateFirst,
            EncodedChanges encoded,
            TableProgress progress) {
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.truncateFirst = truncateFirst;
        this.encoded = Objects.requireNonNull(encoded, "encoded");
        this.size = encoded.count();
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    public TableId target() {
        return target;
    }

    public WriteMode mode() {
        return mode;
    }

    public boolean truncateFirst() {
        return truncateFirst;
    }

    /** The events behind this batch and the last one's position; never null. */
    public TableProgress progress() {
        return progress;
    }

    /** The number of changes, without decoding them. */
    public int size() {
        return size;
    }

    /**
     * The changes in order, decoded on the first call (the caller's thread pays for it: the
     * committer's apply, not the task thread).
     *
     * @throws java.io.UncheckedIOException when the encoded changes are corrupt
     */
    public List<Change> changes() {
        List<Change> c = changes;
        if (c == null) {
            synchronized (this) {
                c = changes;
                if (c == null) {
                    c = Collections.unmodifiableList(encoded.decode());
                    changes = c;
                }
            }
        }
        return c;
    }

    /**
     * The changes in binary form, encoded on the first call when the batch was built from a list.
     */
    public EncodedChanges encoded() {
        EncodedChanges e = encoded;
        if (e == null) {
            synchronized (this) {
                e = encoded;
                if (e == null) {
                    e = ChangeEncoder.encodeAll(mode, changes);
                    encoded = e;
                }
            }
        }
        return e;
    }

    @Override
    public String toString() {
        return mode
                + " batch of "
                + size
                + " changes for "
                + target
                + (truncateFirst ? " after a truncate" : "");
    }
}
