package dev.tributary.postgres.cdc;

import io.debezium.relational.Column;
import io.debezium.relational.Table;
import java.util.Map;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.base.source.assigner.splitter.ChunkSplitter;
import org.apache.flink.cdc.connectors.base.source.assigner.state.ChunkSplitterState;
import org.apache.flink.cdc.connectors.base.source.reader.external.JdbcSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.PostgresChunkSplitter;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.utils.ChunkUtils;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink CDC's PostgreSQL dialect with a chunk key column per table. Flink CDC 3.5 takes one chunk
 * key column for all tables; tributary's {@code key-columns} names one per table without a primary
 * key, so the splitter (which cuts the snapshot into chunks) and the fetch context (which decides
 * whether a change falls into a chunk being back-filled) look the column up by table here. Tables
 * not listed split by their primary key, as Flink CDC does by default.
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
        return new PostgresSourceFetchTaskContext(config, this) {
            @Override
            public RowType getSplitType(Table table) {
                return ChunkUtils.getSplitType(
                        ChunkUtils.getSplitColumn(table, chunkColumn(table)));
            }
        };
    }
}
