package dev.tributary.app.status;

import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.app.chain.PipelineChain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows a snapshot is expected to bring to each target table: the source database's estimate for
 * every captured table, routed through the chain's rules; a target fed by several source tables
 * gets their sum.
 */
public final class SnapshotEstimates {
    private SnapshotEstimates() {}

    /**
     * Connects to the chain's source database once.
     *
     * @return per jdbc sink of the chain (the instances of {@link PipelineChain#sinks}), estimated
     *     rows by target table text ({@code public.orders}); empty when the first file reads no
     *     database or its source reads no snapshot
     * @throws SQLException when the source database cannot be read
     */
    public static Map<SinkDatabase, Map<String, Long>> of(PipelineChain chain) throws SQLException {
        Optional<SourceDatabase> source = chain.sourceDatabase();
        if (source.isEmpty()) {
            return Map.of();
        }
        SourceDatabase db = source.get();
        Map<TableId, Long> bySource;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.connectionProperties())) {
            List<TableId> captured = PipelineChain.capturedTables(db, c);
            bySource = db.estimateRows(c, captured);
        }
        Map<SinkDatabase, Map<String, Long>> out = new HashMap<>();
        for (Map.Entry<TableId, Long> e : bySource.entrySet()) {
            for (PipelineChain.Landing landing : chain.landings(e.getKey())) {
                out.computeIfAbsent(landing.sink(), k -> new LinkedHashMap<>())
                        .merge(landing.target().text(), e.getValue(), Long::sum);
            }
        }
        return out;
    }
}
