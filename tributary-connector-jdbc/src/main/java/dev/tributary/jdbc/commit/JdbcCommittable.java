package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.writer.TableBatch;
import java.util.List;
import java.util.Objects;

/**
 * One writer subtask's batch for one checkpoint, applied by the committer in one transaction. The
 * sequence numbers of a (pipeline, sink, subtask) increase by one per batch; the commit table keeps
 * the last applied one, so a replayed batch is recognised and skipped. Immutable.
 *
 * @param pipeline the pipeline's name
 * @param sink the sink's name
 * @param subtask the writer subtask that built it
 * @param sequence its number, from 1
 * @param tables the per-table batches in order
 */
public record JdbcCommittable(
        String pipeline, String sink, int subtask, long sequence, List<TableBatch> tables) {

    public JdbcCommittable {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sink, "sink");
        tables = List.copyOf(tables);
    }

    /** The number of buffered changes over all tables (without decoding them). */
    public int size() {
        int n = 0;
        for (TableBatch t : tables) {
            n += t.size();
        }
        return n;
    }

    /** True when the batch empties a table first (an upsert-mode TRUNCATE). */
    public boolean truncatesATable() {
        for (TableBatch t : tables) {
            if (t.truncateFirst()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "batch "
                + sequence
                + " of "
                + pipeline
                + "/"
                + sink
                + "/"
                + subtask
                + " ("
                + tables.size()
                + (tables.size() == 1 ? " table, " : " tables, ")
                + size()
                + (size() == 1 ? " change)" : " changes)");
    }
}
