package dev.tributary.jdbc.commit;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.ErrorRecord;
import dev.tributary.api.event.Op;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.WriteMode;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.FailureKind;
import dev.tributary.jdbc.dialect.WriteTarget;
import dev.tributary.jdbc.schema.TablePlans;
import dev.tributary.jdbc.schema.WritePlan;
import dev.tributary.jdbc.writer.Change;
import dev.tributary.jdbc.writer.RowKey;
import dev.tributary.jdbc.writer.TableBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the table batches of one committable inside the committer's transaction, set-based: each
 * batch's rows are converted by their schema's plan, upserts reduced by the target key once more
 * (the target's key may differ from the events' key), and each group of rows handed to the dialect
 * in one call. A group the database refuses (SQLState class 22 or 23) is rolled back to its
 * savepoint and split in halves, each in its own savepoint, until the refused rows are isolated;
 * those become WRITE_FAILED errors and the rest is written. Not thread-safe: one per transaction.
 */
final class TableApplier {
    private final Connection connection;
    private final BatchApplier applier;
    private final Dialect dialect;
    private final SinkErrors errors;
    private final OffsetDateTime ingestedAt;
    private final String pipeline;

    TableApplier(
            Connection connection,
            BatchApplier applier,
            Dialect dialect,
            SinkErrors errors,
            OffsetDateTime ingestedAt,
            String pipeline) {
        this.connection = connection;
        this.applier = applier;
        this.dialect = dialect;
        this.errors = errors;
        this.ingestedAt = ingestedAt;
        this.pipeline = pipeline;
    }

    void apply(TableBatch batch, TablePlans plans) throws SQLException {
        if (batch.truncateFirst() && plans.table() != null) {
            applier.truncate(batch.target());
        }
        if (batch.mode() == WriteMode.UPSERT) {
            applyUpserts(batch, plans);
        } else {
            applyInserts(batch, plans);
        }
    }

    // ---- upsert mode
    // ------------------------------------------------------------------------------

    private void applyUpserts(TableBatch batch, TablePlans plans) throws SQLException {
        Map<RowKey, Pending> reduced = new LinkedHashMap<>(batch.changes().size() * 4 / 3 + 1);
        TableId target = batch.target();
        for (Change change : batch.changes()) {
            ChangeEvent e = change.event();
            if (change.kind() == Change.Kind.TRUNCATE) {
                // apply() emptied the table already, unless the sink refuses the target.
                WritePlan refusal = plans.refusal();
                if (refusal != null) {
                    errors.add(change, null, target, refusal.rejectedAs(), refusal.reason());
                }
                continue;
            }
            WritePlan plan = plans.planFor(e.schema());
            if (plan.isRejected()) {
                errors.add(change, e.keyRow(), target, plan.rejectedAs(), plan.reason());
                continue;
            }
            switch (change.kind()) {
                case UPSERT:
                    put(reduced, plan, change, e.after(), false, target);
                    break;
                case DELETE:
                    put(reduced, plan, change, e.before(), true, target);
                    break;
                case AS_IS:
                    putByOp(reduced, plan, change, target);
                    break;
                default:
                    throw new IllegalStateException("unknown change kind " + change.kind());
            }
        }
        // Keys are unique now: group by plan (normally one) and write each group set-based.
        Map<WritePlan, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : reduced.values()) {
            groups.computeIfAbsent(p.plan(), k -> new ArrayList<>(reduced.size())).add(p);
        }
        for (Map.Entry<WritePlan, List<Pending>> g : groups.entrySet()) {
            write(g.getKey().target(), g.getValue(), 0, g.getValue().size(), true);
        }
    }

    private void putByOp(
            Map<RowKey, Pending> reduced, WritePlan plan, Change change, TableId target) {
        ChangeEvent e = change.event();
        switch (e.op()) {
            case INSERT:
            case SNAPSHOT:
                put(reduced, plan, change, e.after(), false, target);
                return;
            case UPDATE:
                if (e.before() != null && e.after() != null) {
                    Pending old = convert(plan, change, e.before(), true, target);
                    Pending now = convert(plan, change, e.after(), false, target);
                    if (old == null || now == null) {
                        return;
                    }
                    RowKey oldKey = plan.key(old.row());
                    RowKey newKey = plan.key(now.row());
                    if (oldKey != null && newKey != null && !oldKey.equals(newKey)) {
                        reduced.remove(oldKey);
                        reduced.put(oldKey, old);
                    }
                    putConverted(reduced, plan, now, target);
                    return;
                }
                put(reduced, plan, change, e.after(), false, target);
                return;
            case DELETE:
                put(reduced, plan, change, e.before(), true, target);
                return;
            case TRUNCATE:
            default:
                // The writer turns an upsert-mode TRUNCATE into the batch's truncate flag.
                throw new IllegalStateException(
                        "unexpected " + e.op() + " among the changes of " + target);
        }
    }

    private void put(
            Map<RowKey, Pending> reduced,
            WritePlan plan,
            Change change,
            Object[] row,
            boolean delete,
            TableId target) {
        Pending p = convert(plan, change, row, delete, target);
        if (p != null) {
            putConverted(reduced, plan, p, target);
        }
    }

    private void putConverted(
            Map<RowKey, Pending> reduced, WritePlan plan, Pending p, TableId target) {
        RowKey key = plan.key(p.row());
        if (key == null) {
            errors.add(
                    p.change(),
                    p.source(),
                    target,
                    ErrorKind.MISSING_KEY,
                    "a key column of "
                            + target
                            + " is null or missing in the "
                            + p.change().event().op()
                            + " event");
            return;
        }
        reduced.put(key, p);
    }

    // ---- append and insert modes
    // --------------------------------------------------------------------

    private void applyInserts(TableBatch batch, TablePlans plans) throws SQLException {
        TableId target = batch.target();
        boolean append = batch.mode() == WriteMode.APPEND;
        List<Pending> run = new ArrayList<>(batch.changes().size());
        WritePlan runPlan = null;
        for (Change change : batch.changes()) {
            ChangeEvent e = change.event();
            Object[] row = e.after() != null ? e.after() : e.before();
            WritePlan plan = plans.planFor(e.schema());
            if (plan.isRejected()) {
                errors.add(change, row, target, plan.rejectedAs(), plan.reason());
                continue;
            }
            if (row == null && !append) {
                errors.add(
                        change,
                        null,
                        target,
                        ErrorKind.UNSUPPORTED,
                        "a " + e.op() + " event has no row to write in insert mode");
                continue;
            }
            Pending p = convert(plan, change, row, false, target);
            if (p == null) {
                continue;
            }
            // Rows keep their order; a change of schema starts a new set-based write.
            if (plan != runPlan && !run.isEmpty()) {
                write(runPlan.target(), run, 0, run.size(), false);
                run = new ArrayList<>();
            }
            runPlan = plan;
            run.add(p);
        }
        if (!run.isEmpty()) {
            write(runPlan.target(), run, 0, run.size(), false);
        }
    }

    /**
     * Writes the error records, in insert mode, to the error table; the database must take them
     * all.
     */
    void applyErrors(WritePlan errorPlan, List<ErrorRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        List<Pending> rows = new ArrayList<>(records.size());
        for (ErrorRecord r : records) {
            Object[] row = r.toRow(pipeline);
            for (int i = 0; i < row.length; i++) {
                if (row[i] instanceof String) {
                    // PostgreSQL text cannot hold NUL; an error report must not fail on it.
                    row[i] = ((String) row[i]).replace('\u0000', '\uFFFD');
                }
            }
            rows.add(
                    new Pending(
                            errorPlan, errorPlan.convert(row, null, ingestedAt), false, null, row));
        }
        WriteTarget target = errorPlan.target();
        Savepoint sp = connection.setSavepoint();
        try {
            applier.insert(target, new PendingRows(rows, 0, rows.size()));
            connection.releaseSavepoint(sp);
        } catch (SQLException e) {
            throw new SQLException(
                    "the error table "
                            + target.table().id()
                            + " refused error records: "
                            + e.getMessage(),
                    e.getSQLState() != null && e.getSQLState().startsWith("08")
                            ? e.getSQLState()
                            : "XX000",
                    e);
        }
    }

    // ---- common
    // -------------------------------------------------------------------------------------

    /** The converted row, or null after reporting a conversion failure. */
    private Pending convert(
            WritePlan plan, Change change, Object[] row, boolean delete, TableId target) {
        ChangeEvent e = change.event();
        if (row == null && (delete || e.op() != Op.TRUNCATE)) {
            errors.add(
                    change,
                    null,
                    target,
                    delete ? ErrorKind.MISSING_KEY : ErrorKind.UNSUPPORTED,
                    "the "
                            + e.op()
                            + " event carries no "
                            + (delete ? "before" : "after")
                            + " row");
            return null;
        }
        try {
            return new Pending(plan, plan.convert(row, e, ingestedAt), delete, change, row);
        } catch (DataException d) {
            errors.add(change, row, target, d.kind(), d.getMessage());
            return null;
        }
    }

    /** Writes rows [from, to) in a savepoint; on refused rows, halves until they are isolated. */
    private void write(WriteTarget target, List<Pending> rows, int from, int to, boolean upsert)
            throws SQLException {
        Savepoint sp = connection.setSavepoint();
        try {
            PendingRows view = new PendingRows(rows, from, to);
            if (upsert) {
                applier.upsert(target, view);
            } else {
                applier.insert(target, view);
            }
            connection.releaseSavepoint(sp);
        } catch (SQLException e) {
            if (dialect.classify(e) != FailureKind.DATA) {
                throw e;
            }
            connection.rollback(sp);
            connection.releaseSavepoint(sp);
            if (to - from == 1) {
                Pending p = rows.get(from);
                errors.refused(p.change(), p.source(), target.table().id(), e);
                return;
            }
            int mid = (from + to) >>> 1;
            write(target, rows, from, mid, upsert);
            write(target, rows, mid, to, upsert);
        }
    }
}
