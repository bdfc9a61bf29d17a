package dev.tributary.postgres.cdc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a WAL position for a snapshot chunk's watermark at a moment when no transaction of the
 * database holds uncommitted writes, so that every change before the position belongs to a
 * transaction committed before it.
 *
 * <p><b>Why.</b> Flink CDC 3.5 reads a chunk's high watermark as {@code pg_current_wal_lsn()}
 * whatever is in flight. A transaction that changed a row of the chunk before that position and
 * commits after it is lost: the chunk's back-fill ends as soon as the server reports WAL past the
 * watermark (a keepalive, another change), before the commit arrives, and the stream drops the
 * change because its own LSN lies before the watermark. Taken at a quiet moment the watermark has
 * no such transaction, and, as the insert position, it also lies past every commit the chunk's
 * SELECT could see (the written position lags behind asynchronous commits, which made the stream
 * repeat changes the chunk already held).
 *
 * <p><b>Quiet, exactly.</b> Around the position read, two probes: no other session of the database
 * holds a lock that writing rows or truncating takes (every transaction that changed a row holds
 * one until it ends), and no transaction of the cluster completed in between ({@code xmax} of the
 * snapshot unchanged). A transaction that wrote before the position then either ended before the
 * first probe or is seen by one of them, and the read is tried again.
 *
 * <p>The wait lasts as long as writers keep transactions open; creating the back-fill's replication
 * slot for each chunk already waits for the transactions running at that moment.
 */
final class QuietWalPosition {
    private static final Logger LOG = LoggerFactory.getLogger(QuietWalPosition.class);

    private static final String PROBE =
            "SELECT pg_snapshot_xmax(pg_current_snapshot())::text,"
                    + " (SELECT count(DISTINCT pid) FROM pg_locks"
                    + " WHERE locktype = 'relation'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname ="
                    + " current_database())"
                    + " AND mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock',"
                    + " 'ExclusiveLock', 'AccessExclusiveLock')"
                    + " AND pid <> pg_backend_pid())";

    private static final long PAUSE_MILLIS = 2;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private QuietWalPosition() {}

    /**
     * The WAL insert position at a quiet moment, as a number; waits until there is one.
     *
     * @param connection an autocommit connection to the captured database, used by this thread only
     */
    static long read(Connection connection) throws SQLException {
        long started = System.nanoTime();
        long nextReport = started + REPORT_NANOS;
        try (Statement s = connection.createStatement()) {
            while (true) {
                Probe before = probe(s);
                if (before.writers == 0) {
                    long lsn = insertPosition(s);
                    Probe after = probe(s);
                    if (after.writers == 0 && after.xmax.equals(before.xmax)) {
                        return lsn;
                    }
                } else if (System.nanoTime() > nextReport) {
                    nextReport += REPORT_NANOS;
                    LOG.info(
                            "snapshot watermark: waiting for {} session(s) with uncommitted writes"
                                    + " in database {} to end ({} s so far)",
                            before.writers,
                            connection.getCatalog(),
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a snapshot watermark", e);
                }
            }
        }
    }

    private static final class Probe {
        final String xmax;
        final long writers;

        Probe(String xmax, long writers) {
            this.xmax = xmax;
            this.writers = writers;
        }
    }

    private static Probe probe(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery(PROBE)) {
            r.next();
            return new Probe(r.getString(1), r.getLong(2));
        }
    }

    private static long insertPosition(Statement s) throws SQLException {
        try (ResultSet r =
                s.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
            r.next();
            return r.getLong(1);
        }
    }
}
