package dev.tributary.postgres.cdc;

import io.debezium.jdbc.JdbcConnection;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.base.source.assigner.splitter.ChunkSplitter;
import org.apache.flink.cdc.connectors.base.source.assigner.state.ChunkSplitterState;
import org.apache.flink.cdc.connectors.base.source.meta.offset.Offset;
import org.apache.flink.cdc.connectors.base.source.reader.external.JdbcSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.PostgresChunkSplitter;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffsetFactory;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * Flink CDC's PostgreSQL dialect with a chunk key column per table. Flink CDC 3.5 takes one chunk
 * key column for all tables; tributary's {@code key-columns} names one per table without a primary
 * key, so the splitter (which cuts the snapshot into chunks) and the fetch context (which decides
 * whether a change falls into a chunk being back-filled, {@link SplitFetchTaskContext}) look the
 * column up by table. Tables not listed split by their primary key, as Flink CDC does by default.
 *
 * <p>It also takes the positions Flink CDC uses as chunk watermarks (and as the stream's start) at
 * a moment without uncommitted writes, see {@link QuietWalPosition}: Flink CDC's own reading loses
 * changes of transactions open across a chunk's high watermark. The watermark is the byte before
 * the WAL insert position, so that every change written after it lies strictly after it.
 */
final class KeyedPostgresDialect extends PostgresDialect {
    private static final long serialVersionUID = 1L;

    /** First key column by {@code schema.table}. */
    private final Map<String, String> chunkColumns;

    KeyedPostgresDialect(PostgresSourceConfig config, Map<String, String> chunkColumns) {
        super(config);
        this.chunkColumns = Map.copyOf(chunkColumns);
    }

    private String chunkColumn(Table table) {
        return chunkColumns.get(table.id().schema() + "." + table.id().table());
    }

    @Override
    public ChunkSplitter createChunkSplitter(JdbcSourceConfig config) {
        return createChunkSplitter(config, ChunkSplitterState.NO_SPLITTING_TABLE_STATE);
    }

    @Override
    public ChunkSplitter createChunkSplitter(JdbcSourceConfig config, ChunkSplitterState state) {
        return new PostgresChunkSplitter(config, this, state) {
            @Override
            protected Column getSplitColumn(Table table, String globalChunkColumn) {
                return super.getSplitColumn(table, chunkColumn(table));
            }
        };
    }

    @Override
    public JdbcSourceFetchTaskContext createFetchTaskContext(JdbcSourceConfig config) {
        return new SplitFetchTaskContext(config, this, chunkColumns);
    }

    @Override
    public Offset displayCurrentOffset(JdbcSourceConfig config) {
        try (JdbcConnection jdbc = openJdbcConnection(config)) {
            Connection c = jdbc.connection();
            c.setAutoCommit(true);
            // The watermark is the last byte before the insert position, not the position: the
            // next record written starts exactly there, and Flink CDC's stream emits a chunk's
            // change only if its LSN is after the chunk's high watermark, while the back-fill ends
            // on the first message at or past it. A change written right after the position was
            // read, at exactly that LSN, was in neither.
            long lsn = QuietWalPosition.read(c) - 1;
            // A transaction id, as Flink CDC records one; its commit record also puts WAL past the
            // position, which the chunk's back-fill reads up to, even if the database goes idle.
            String txId;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT txid_current()::text")) {
                r.next();
                txId = r.getString(1);
            }
            return new PostgresOffsetFactory()
                    .newOffset(
                            Map.of(
                                    "lsn",
                                    Long.toString(lsn),
                                    "txId",
                                    txId,
                                    "ts_usec",
                                    Long.toString(Long.MIN_VALUE)));
        } catch (SQLException e) {
            throw new FlinkRuntimeException("Cannot read the current WAL position", e);
        }
    }
}
