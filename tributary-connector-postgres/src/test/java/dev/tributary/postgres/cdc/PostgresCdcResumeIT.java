package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.CdcHarness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped source resumes from its savepoint: the snapshot goes on, new tables join. */
class PostgresCdcResumeIT extends WithCdcServer {
    @TempDir Path savepoints;

    private String stop(CdcHarness.Run run) throws Exception {
        String savepoint =
                run.job
                        .stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
        run.result.get();
        return savepoint;
    }

    private static long snapshotsOf(CdcHarness.Run run, String table) {
        return run.events().stream()
                .filter(e -> e.op() == Op.SNAPSHOT && e.table().table().equals(table))
                .count();
    }

    @Test
    void aSnapshotStoppedMidwayResumesWithoutStartingOver() throws Exception {
        int rows = 1000;
        server.createDatabase("src5");
        server.createDatabase("dst5");
        harness.sql(
                "src5",
                "CREATE TABLE big (id int PRIMARY KEY, v text)",
                "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, " + rows + ") g");
        Map<String, Object> values =
                harness.options(
                        "src5",
                        map("tables.include", List.of("public\\.big"), "snapshot.chunk-size", 20));
        String savepoint;
        long before;
        try (CdcHarness.Run first =
                harness.start(
                        "big", CdcHarness.parsed(values, Map.of()), "dst5", null, "resume5")) {
            await("some chunks are done")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> first.count(Op.SNAPSHOT) >= 200);
            savepoint = stop(first);
            before = first.count(Op.SNAPSHOT);
        }
        assertThat(before).as("stopped mid-snapshot").isLessThan(rows);
        harness.sql(
                "src5",
                "UPDATE big SET v = 'changed' WHERE id % 100 = 0",
                "DELETE FROM big WHERE id BETWEEN 1 AND 5",
                "INSERT INTO big VALUES (5000, 'new')");
        try (CdcHarness.Run second =
                harness.start(
                        "big", CdcHarness.parsed(values, Map.of()), "dst5", savepoint, "resume5")) {
            await("the target equals the source")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () ->
                                    assertThat(harness.rows("dst5", "big", "id"))
                                            .isEqualTo(harness.rows("src5", "big", "id")));
            assertThat(second.count(Op.SNAPSHOT))
                    .as("rows copied again after the restart")
                    .isLessThan(rows - before / 2);
            assertThat(second.errors()).isEmpty();
        }
    }

    @Test
    void aTableAddedToTheIncludeListIsSnapshottedAndStreamedAfterARestart() throws Exception {
        server.createDatabase("src6");
        harness.sql(
                "src6",
                "CREATE TABLE first (id int PRIMARY KEY, v text)",
                "INSERT INTO first SELECT g, 'f' || g FROM generate_series(1, 50) g",
                "CREATE TABLE second (id int PRIMARY KEY, v text)",
                "INSERT INTO second SELECT g, 's' || g FROM generate_series(1, 70) g");
        String savepoint;
        try (CdcHarness.Run first =
                harness.start(
                        "grow",
                        CdcHarness.parsed(
                                harness.options(
                                        "src6", map("tables.include", List.of("public\\.first"))),
                                Map.of()),
                        null,
                        null,
                        "grow6")) {
            await("the first table")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> first.count(Op.SNAPSHOT) == 50);
            harness.sql("src6", "INSERT INTO first VALUES (51, 'streamed')");
            await("streaming")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> first.count(Op.INSERT) == 1);
            savepoint = stop(first);
            assertThat(snapshotsOf(first, "second")).isZero();
        }
        harness.sql("src6", "INSERT INTO second VALUES (71, 'between runs')");
        try (CdcHarness.Run second =
                harness.start(
                        "grow",
                        CdcHarness.parsed(
                                harness.options(
                                        "src6",
                                        map(
                                                "tables.include",
                                                List.of("public\\.first", "public\\.second"))),
                                Map.of()),
                        null,
                        savepoint,
                        "grow6")) {
            await("the new table's snapshot")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> snapshotsOf(second, "second") == 71);
            harness.sql(
                    "src6",
                    "INSERT INTO second VALUES (72, 'streamed')",
                    "UPDATE first SET v = 'still streamed' WHERE id = 1");
            await("both tables stream")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    second.events().stream()
                                                    .filter(e -> e.op() != Op.SNAPSHOT)
                                                    .map(ChangeEvent::table)
                                                    .map(t -> t.table())
                                                    .distinct()
                                                    .count()
                                            == 2);
            assertThat(snapshotsOf(second, "first"))
                    .as("the first table is not copied again")
                    .isZero();
            assertThat(second.errors()).isEmpty();
        }
    }

    /**
     * Single-row transactions around restores, where Flink CDC's resume position search is known to
     * be fragile upstream (a DML sharing its LSN with its BEGIN right after the stored commit
     * position): every insert, made while the job is stopped or just after it resumed, arrives.
     */
    @Test
    void everySingleRowTransactionArrivesAcrossRestores() throws Exception {
        server.createDatabase("src7");
        harness.sql("src7", "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> values =
                harness.options(
                        "src7",
                        map("tables.include", List.of("public\\.t"), "startup-mode", "never"));
        String savepoint = null;
        int next = 1;
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            try (CdcHarness.Run run =
                    harness.start(
                            "one", CdcHarness.parsed(values, Map.of()), null, savepoint, "one7")) {
                List<Integer> expected = new ArrayList<>();
                if (round == 0) {
                    harness.awaitSlotConsistent("src7", "tributary_one7_one");
                } else {
                    expected.add(next - 1); // inserted while the job was stopped
                }
                for (int i = 0; i < 2; i++) {
                    harness.sql("src7", "INSERT INTO t VALUES (" + next + ")");
                    expected.add(next++);
                }
                assertThat(run.awaitEvents(expected.size(), Duration.ofSeconds(60)))
                        .as("round %d", round)
                        .extracting(e -> ((Number) e.after()[0]).intValue())
                        .containsExactlyElementsOf(expected);
                savepoint = stop(run);
            }
            if (round < rounds - 1) {
                harness.sql("src7", "INSERT INTO t VALUES (" + next++ + ")");
            }
        }
    }
}
