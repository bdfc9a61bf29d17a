package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.cdc.connectors.base.config.SourceConfig;
import org.apache.flink.cdc.connectors.base.source.meta.split.SnapshotSplit;
import org.apache.flink.cdc.connectors.base.source.utils.hooks.SnapshotPhaseHooks;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes made while a chunk is read reach the output when the source reader reads chunks of
 * several tables one after another with the same fetcher, as it does after a restore.
 *
 * <p>A restored reader holds its unfinished chunk and asks for the next one at once, so it is one
 * chunk ahead from then on, and Flink CDC reuses one fetch context for all the chunks it reads.
 * Flink CDC 3.5 builds that context's replication connection once, for the first chunk's table: its
 * pgoutput decoder knows only that table, and decodes the changes of every other table as no-ops.
 * The back-fill of a chunk of another table then drops the chunk's changes made between its low and
 * high watermark, and the stream drops them too (they lie before the chunk's high watermark). This
 * is what {@code PostgresCdcCrashIT}'s writes during a killed snapshot lost.
 *
 * <p>Here a hook commits an update of a row of each chunk after the chunk's SELECT and before its
 * high watermark, in a run restored from a savepoint taken in the middle of the snapshot: each
 * update must arrive.
 */
class PostgresCdcSplitReuseIT extends WithCdcServer {
    @TempDir Path savepoints;

    // The hooks run in the source reader's thread of the MiniCluster in this JVM.
    private static volatile String database;
    private static final Set<String> UPDATED = ConcurrentHashMap.newKeySet();

    /** After the chunk's SELECT, before its high watermark: update the chunk's first row. */
    static void updateFirstRow(SourceConfig config, SourceSplit split) throws SQLException {
        SnapshotSplit chunk = (SnapshotSplit) split;
        String table = chunk.getTableId().table();
        Object[] start = chunk.getSplitStart();
        int id = start == null ? 1 : ((Number) start[0]).intValue();
        try (Connection c = harness.connect(database);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + table + " SET v = v + 1 WHERE id = " + id);
        }
        UPDATED.add(table + ":" + id);
    }

    @Test
    void changesDuringTheChunksOfEachTableArriveAfterARestore() throws Exception {
        database = "reuse";
        UPDATED.clear();
        server.createDatabase(database);
        harness.sql(
                database,
                "CREATE TABLE alpha (id int PRIMARY KEY, v int NOT NULL)",
                "CREATE TABLE beta (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO alpha SELECT g, 1 FROM generate_series(1, 600) g",
                "INSERT INTO beta SELECT g, 1 FROM generate_series(1, 600) g",
                "ANALYZE alpha",
                "ANALYZE beta");
        Map<String, Object> values =
                harness.options(
                        database,
                        map(
                                "tables.include",
                                List.of("public\\.alpha", "public\\.beta"),
                                PostgresCdcSourceOptions.SNAPSHOT_CHUNK_SIZE.key(),
                                50));
        String savepoint;
        long readBefore;
        try (CdcHarness.Run first =
                harness.start("reuse", CdcHarness.parsed(values, Map.of()), null, null, "reuse")) {
            await("some chunks are done")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> first.count(Op.SNAPSHOT) >= 150);
            savepoint =
                    first.job
                            .stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            first.result.get();
            readBefore = first.count(Op.SNAPSHOT);
            assertThat(readBefore).as("stopped mid-snapshot").isLessThan(1000);
        }

        SnapshotPhaseHooks hooks = new SnapshotPhaseHooks();
        hooks.setPreHighWatermarkAction(PostgresCdcSplitReuseIT::updateFirstRow);
        try (CdcHarness.Run second =
                harness.start(
                        new PostgresCdcSourceFactory(hooks),
                        "reuse",
                        CdcHarness.parsed(values, Map.of()),
                        null,
                        savepoint,
                        "reuse")) {
            await("the snapshot")
                    .atMost(Duration.ofSeconds(120))
                    .failFast("the job ended", second::finished)
                    .until(() -> second.count(Op.SNAPSHOT) + readBefore >= 1200);
            harness.sql(database, "INSERT INTO beta VALUES (10000, 1)");
            await("a change made after the snapshot")
                    .atMost(Duration.ofSeconds(60))
                    .failFast("the job ended", second::finished)
                    .until(() -> second.count(Op.INSERT) >= 1);

            assertThat(UPDATED).as("chunks read after the restore").hasSizeGreaterThan(4);
            List<String> lost = new ArrayList<>();
            for (String key : UPDATED) {
                String[] parts = key.split(":");
                List<ChangeEvent> events = eventsOf(second, parts[0], Integer.parseInt(parts[1]));
                if (events.isEmpty()
                        || ((Number) events.get(events.size() - 1).after()[1]).intValue() != 2) {
                    lost.add(
                            key
                                    + " "
                                    + events.stream()
                                            .map(e -> e.op() + " v" + e.after()[1])
                                            .collect(Collectors.toList()));
                }
            }
            assertThat(lost).as("updates made while their chunk was read").isEmpty();
            assertThat(second.errors()).isEmpty();
        }
    }

    private static List<ChangeEvent> eventsOf(CdcHarness.Run run, String table, int id) {
        return run.events().stream()
                .filter(
                        e ->
                                e.table().table().equals(table)
                                        && e.after() != null
                                        && ((Number) e.after()[0]).intValue() == id)
                .collect(Collectors.toList());
    }
}
