package dev.tributary.postgres.cdc;

import io.debezium.connector.postgresql.PostgresObjectUtils;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.relational.Table;
import java.util.Map;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.utils.ChunkUtils;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink CDC's PostgreSQL fetch context (what reads one split: a snapshot chunk with its back-fill,
 * or the stream), with two corrections.
 *
 * <p><b>A replication connection per split.</b> A source reader reads its splits one after another
 * with one fetch context, re-configured for each split, whenever the next split is already there
 * when one ends (a reader restored from a checkpoint is one split ahead from then on). Flink CDC
 * 3.5 builds the context's replication connection only at the first configuration, with that
 * split's table filter: its pgoutput decoder knows only the first split's table and decodes the
 * changes of every other table as no-ops. The back-fill of a chunk of another table then drops the
 * changes made while the chunk was read, and the stream drops them too, as they lie before the
 * chunk's high watermark: lost. So each configuration gets its own replication connection, built
 * from that split's settings; Flink CDC closes it when the split ends (the snapshot task, dropping
 * its slot) or the stream stops.
 *
 * <p><b>The chunk key per table.</b> Whether a change falls into the chunk being back-filled is
 * decided by the table's chunk key column from {@code key-columns} (its primary key's first column
 * when not listed), not by one column for all tables.
 *
 * <p><b>Exact snapshot values.</b> The split is read through an {@link ExactReadConnection}, which
 * shares the session of Flink CDC's connection and reads {@code time}, {@code timetz} and {@code
 * money} columns of snapshot chunks exactly.
 */
final class SplitFetchTaskContext extends PostgresSourceFetchTaskContext {
    /** First key column by {@code schema.table}. */
    private final Map<String, String> chunkColumns;

    private ReplicationConnection replication;

    private PostgresConnection connection;

    SplitFetchTaskContext(
            JdbcSourceConfig config, PostgresDialect dialect, Map<String, String> chunkColumns) {
        super(config, dialect);
        this.chunkColumns = chunkColumns;
    }

    @Override
    public void configure(SourceSplitBase split) {
        super.configure(split);
        // Flink CDC opens a connection per configuration too, and keeps the previous one as it is.
        connection =
                new ExactReadConnection(
                        super.getConnection(),
                        getDbzConnectorConfig().getJdbcConfig(),
                        PostgresObjectUtils.newPostgresValueConverterBuilder(
                                getDbzConnectorConfig()));
        // The previous split's connection is closed already: by its snapshot task (which also
        // drops the back-fill slot), or by the stream when it stopped.
        replication =
                PostgresObjectUtils.createReplicationConnection(
                        getTaskContext(),
                        getConnection(),
                        getSnapShotter().shouldSnapshot(),
                        getDbzConnectorConfig());
    }

    @Override
    public PostgresConnection getConnection() {
        return connection == null ? super.getConnection() : connection;
    }

    @Override
    public ReplicationConnection getReplicationConnection() {
        return replication;
    }

    @Override
    public RowType getSplitType(Table table) {
        String column = chunkColumns.get(table.id().schema() + "." + table.id().table());
        return ChunkUtils.getSplitType(ChunkUtils.getSplitColumn(table, column));
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            try {
                if (replication != null) {
                    replication.close();
                }
            } finally {
                // Closes the shared session once more, if Flink CDC's close did not.
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
