package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly once from a PostgreSQL replication slot across SIGKILLs: a postgres-cdc → jdbc pipeline
 * runs in a child JVM and is killed with {@code kill -9}, once in the middle of its snapshot and
 * three times while it streams, and restarted from its checkpoints each time. Each source table
 * feeds a mirror (upsert) and a history (append); a background writer changes the source while the
 * pipeline streams and while it is down. In the end the mirrors equal the source, and {@link
 * CdcHistory} finds every change exactly once in the histories: one snapshot read or insert per key
 * (a snapshot started over would read keys twice), one update per version, no repeat and no gap.
 * {@code accounts} has a one-column key, {@code lines} a composite one.
 */
class PostgresCdcCrashIT extends WithServices {
    private static final String TABLES =
            String.join(
                    "\n",
                    "  - match: 'public\\.(accounts|lines)'",
                    "    target: 'public.$1_history'",
                    "    mode: append",
                    "    continue: true",
                    "  - match: 'public\\.(accounts|lines)'",
                    "    target: 'public.$1'",
                    "    mode: upsert");

    private static final int SNAPSHOT_ACCOUNTS = 24_000;
    private static final int SNAPSHOT_ORDERS = 2_000;
    private static final int SNAPSHOT_CHUNK = 1_000;
    private static final int STREAM_ACCOUNTS = 2_000;
    private static final int STREAM_ORDERS = 500;
    private static final int STREAM_KILLS = 3;

    private CdcHistory accounts;
    private CdcHistory lines;

    @BeforeEach
    void histories() {
        accounts = new CdcHistory(services, "accounts", "id");
        lines = new CdcHistory(services, "lines", "order_id, line_no");
    }

    @Test
    void killedDuringTheSnapshotItResumesAndReadsEachRowOnce() throws Exception {
        killDuringTheSnapshot("cdc-snapshot", false);
    }

    /**
     * The same with a writer changing the source while the chunks are read: each change exactly
     * once in the histories. Three Flink CDC 3.5 behaviours lost or repeated such changes, and the
     * source works around each: chunk watermarks read whatever is in flight (the source takes them
     * at a moment without uncommitted writes, {@code PostgresCdcBackfillRaceIT}), a change at
     * exactly a chunk's high watermark was in neither the back-fill nor the stream (the watermark
     * is now the byte before the insert position), and a restored reader, one chunk ahead, decoded
     * the back-fills of every table but the first one's as no-ops ({@code
     * PostgresCdcSplitReuseIT}). See docs/postgres-cdc-source.md, "Changes made while a chunk is
     * read".
     */
    @Test
    void writesDuringAKilledSnapshotAreAppliedOnce() throws Exception {
        killDuringTheSnapshot("cdc-snapshot-writes", true);
    }

    /**
     * Kills the pipeline when part of the snapshot is in the target, restarts it, and checks that
     * the snapshot went on from its checkpoint: each row read once (a snapshot started over reads
     * the rows applied before the kill a second time), then the changes streamed once.
     */
    private void killDuringTheSnapshot(String name, boolean writeDuringSnapshot) throws Exception {
        long seed = System.nanoTime();
        System.out.println("PostgresCdcCrashIT " + name + " seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        String prefix = name.replace('-', '_');
        String source = services.newDatabase(prefix + "_source");
        String target = services.newDatabase(prefix + "_target");
        Path log = dir.resolve(name + ".log");
        Path file = pipelineFile(name, prefix, SNAPSHOT_CHUNK, source, target);
        ChildPipeline child = null;
        try (CdcWorkload workload =
                CdcWorkload.create(
                        services, source, SNAPSHOT_ACCOUNTS, SNAPSHOT_ORDERS, random.split())) {
            long initialRows = workload.initialRows();
            child = ChildPipeline.start(file, log);
            if (writeDuringSnapshot) {
                workload.start(Duration.ofMillis(10));
            }
            long killAt = (long) (initialRows * (0.15 + 0.45 * random.nextDouble()));
            ChildPipeline first = child;
            await("part of the snapshot applied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("the pipeline died", () -> !first.alive())
                    .until(() -> reads(target) >= killAt);
            child.kill9();
            Instant killed = Instant.now();
            long readsAtKill = reads(target);
            System.out.printf(
                    "kill during the snapshot: %d of %d snapshot rows applied (aimed at %d), %d"
                            + " source changes written%n",
                    readsAtKill, initialRows, killAt, workload.events());
            assertThat(readsAtKill)
                    .as("killed in the middle of the snapshot (if not, make the tables bigger)")
                    .isLessThan(initialRows * 8 / 10);

            child = ChildPipeline.start(file, log);
            ChildPipeline second = child;
            if (writeDuringSnapshot) {
                await("the snapshot finished and changes stream")
                        .atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the pipeline died", () -> !second.alive())
                        .failFast("the workload failed", () -> !workload.healthy())
                        .until(
                                () ->
                                        "streaming".equals(phase(target, "public.accounts_history"))
                                                && "streaming"
                                                        .equals(
                                                                phase(
                                                                        target,
                                                                        "public.lines_history")));
            } else {
                await("the snapshot finished")
                        .atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the pipeline died", () -> !second.alive())
                        .until(() -> reads(target) >= initialRows);
                // Then changes, so that the hand-over from the resumed snapshot to the stream is
                // checked too.
                workload.start(Duration.ofMillis(4));
                long changes = 1_000 + random.nextInt(2_000);
                await("changes written")
                        .atMost(Duration.ofSeconds(60))
                        .failFast("the workload failed", () -> !workload.healthy())
                        .until(() -> workload.events() >= changes);
            }
            workload.stop();
            awaitMirrors(source, target, second);

            long reads = reads(target);
            long secondRunReads =
                    services.count(
                                    target,
                                    "SELECT count(*) FROM accounts_history WHERE _tributary_op = 'r'"
                                            + " AND _tributary_ingested_at > '"
                                            + killed
                                            + "'")
                            + services.count(
                                    target,
                                    "SELECT count(*) FROM lines_history WHERE _tributary_op = 'r'"
                                            + " AND _tributary_ingested_at > '"
                                            + killed
                                            + "'");
            System.out.printf(
                    "snapshot rows: %d in all, %d before the kill, %d read after the restart;"
                            + " %d source changes written%n",
                    reads, readsAtKill, secondRunReads, workload.events());
            if (!writeDuringSnapshot) {
                ChildPipeline last = child;
                long expected = initialRows + workload.events();
                await("every change in the history")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the pipeline died", () -> !last.alive())
                        .until(() -> history(target) >= expected);
                assertThat(reads).as("snapshot reads").isEqualTo(initialRows);
                assertThat(history(target)).as("history rows").isEqualTo(expected);
            }
            assertThat(accounts.violations(source, target)).isEmpty();
            assertThat(lines.violations(source, target)).isEmpty();
            // Every row that was there before the writer started and is still there was read by
            // the snapshot, and (by the violations above) exactly once.
            assertThat(accounts.readKeys(target, "id <= " + workload.initialAccounts()))
                    .containsAll(
                            accounts.sourceKeys(source, "id <= " + workload.initialAccounts()));
            assertThat(lines.readKeys(target, "order_id <= " + workload.initialOrders()))
                    .containsAll(
                            lines.sourceKeys(source, "order_id <= " + workload.initialOrders()));
            assertThat(snapshotRows(target, "public.accounts_history"))
                    .as("snapshot rows the status table counted")
                    .isEqualTo(accounts.reads(target));
            assertThat(snapshotRows(target, "public.lines"))
                    .as("snapshot rows the status table counted")
                    .isEqualTo(lines.reads(target));
            assertThat(Files.readAllLines(log))
                    .filteredOn(l -> l.contains("pipeline " + name + ": resuming from"))
                    .as("the restart resumed from a checkpoint")
                    .hasSize(1);
            assertThat(services.count(target, "SELECT count(*) FROM _tributary_errors"))
                    .isIn(-1L, 0L);
        } catch (AssertionError | RuntimeException e) {
            if (child != null) {
                System.out.println(child.logTail());
            }
            throw e;
        } finally {
            if (child != null) {
                child.kill9();
            }
        }
    }

    @Test
    void killedThreeTimesWhileStreamingItAppliesEveryChangeOnce() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PostgresCdcCrashIT streaming seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        String source = services.newDatabase("cdcstream_source");
        String target = services.newDatabase("cdcstream_target");
        Path log = dir.resolve("cdc-stream.log");
        Path file = pipelineFile("cdc-stream", "crash_stream", 500, source, target);
        ChildPipeline child = null;
        try (CdcWorkload workload =
                CdcWorkload.create(
                        services, source, STREAM_ACCOUNTS, STREAM_ORDERS, random.split())) {
            long initialRows = workload.initialRows();
            child = ChildPipeline.start(file, log);
            ChildPipeline first = child;
            await("the snapshot applied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the pipeline died", () -> !first.alive())
                    .until(() -> reads(target) == initialRows);
            workload.start(Duration.ofMillis(4));

            long appliedAtRestart = history(target);
            for (int kill = 1; kill <= STREAM_KILLS + 1; kill++) {
                // Kill after this run applied something and the source changed by a random amount
                // since it started; the last round only waits for progress before the writer
                // stops.
                long base = appliedAtRestart;
                long written = workload.events() + 300 + random.nextInt(3_000);
                ChildPipeline running = child;
                await("progress of run " + kill)
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20))
                        .failFast("the pipeline died", () -> !running.alive())
                        .failFast("the workload failed", () -> !workload.healthy())
                        .until(() -> history(target) > base && workload.events() >= written);
                if (kill > STREAM_KILLS) {
                    break;
                }
                child.kill9();
                appliedAtRestart = history(target);
                System.out.printf(
                        "kill %d while streaming: %d source changes written, %d history rows"
                                + " applied%n",
                        kill, workload.events(), appliedAtRestart);
                child = ChildPipeline.start(file, log);
            }
            workload.stop();
            long expected = initialRows + workload.events();
            System.out.printf(
                    "writer stopped: %d snapshot rows + %d changes = %d history rows expected%n",
                    initialRows, workload.events(), expected);
            awaitMirrors(source, target, child);
            ChildPipeline last = child;
            await("every change in the history")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the pipeline died", () -> !last.alive())
                    .until(() -> history(target) >= expected);

            assertThat(history(target)).as("history rows").isEqualTo(expected);
            assertThat(reads(target)).as("snapshot reads").isEqualTo(initialRows);
            assertThat(accounts.violations(source, target)).isEmpty();
            assertThat(lines.violations(source, target)).isEmpty();
            assertThat(
                            eventsApplied(target, "public.accounts_history")
                                    + eventsApplied(target, "public.lines_history"))
                    .as("events the status table counted")
                    .isEqualTo(expected);
            assertThat(Files.readAllLines(log))
                    .filteredOn(l -> l.contains("pipeline cdc-stream: resuming from"))
                    .as("each restart resumed from a checkpoint")
                    .hasSize(STREAM_KILLS);
            assertThat(services.count(target, "SELECT count(*) FROM _tributary_errors"))
                    .isIn(-1L, 0L);
            StringWriter out = new StringWriter();
            assertThat(verify(file, out)).as(out.toString()).isZero();
        } catch (AssertionError | RuntimeException e) {
            if (child != null) {
                System.out.println(child.logTail());
            }
            throw e;
        } finally {
            if (child != null) {
                child.kill9();
            }
        }
    }

    private Path pipelineFile(String name, String slot, int chunk, String source, String target)
            throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                Pipelines.postgresCdcToJdbc(
                        name,
                        dir.resolve("state-" + name),
                        services,
                        source,
                        slot,
                        chunk,
                        "public\\.(accounts|lines)",
                        target,
                        TABLES));
        return file;
    }

    private void awaitMirrors(String source, String target, ChildPipeline child) {
        try {
            await("the mirrors equal the source")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the pipeline died", () -> !child.alive())
                    .until(
                            () ->
                                    mirrorDifferences(source, target, CdcWorkload.ACCOUNTS_MIRROR)
                                                    .isEmpty()
                                            && mirrorDifferences(
                                                            source,
                                                            target,
                                                            CdcWorkload.LINES_MIRROR)
                                                    .isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the mirrors differ from the source; accounts: "
                            + mirrorDifferences(source, target, CdcWorkload.ACCOUNTS_MIRROR)
                            + "; lines: "
                            + mirrorDifferences(source, target, CdcWorkload.LINES_MIRROR),
                    e);
        }
    }

    /** Up to five rows only the source has and five only the target has; empty when equal. */
    private List<String> mirrorDifferences(String source, String target, String query) {
        List<List<String>> expected = services.rows(source, query);
        List<List<String>> actual = services.rows(target, query);
        if (expected.equals(actual)) {
            return List.of();
        }
        List<List<String>> missing = new ArrayList<>(expected);
        missing.removeAll(new HashSet<>(actual));
        List<List<String>> extra = new ArrayList<>(actual);
        extra.removeAll(new HashSet<>(expected));
        return List.of(
                missing.size()
                        + " source rows not in the target, such as "
                        + missing.subList(0, Math.min(5, missing.size())),
                extra.size()
                        + " target rows not in the source, such as "
                        + extra.subList(0, Math.min(5, extra.size())));
    }

    private long reads(String target) {
        return accounts.reads(target) + lines.reads(target);
    }

    private long history(String target) {
        return accounts.rows(target) + lines.rows(target);
    }

    private String phase(String target, String table) {
        List<List<String>> rows =
                services.rows(
                        target,
                        "SELECT phase FROM _tributary_status WHERE table_name = '" + table + "'");
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    private long snapshotRows(String target, String table) {
        return services.count(
                target,
                "SELECT sum(snapshot_rows) FROM _tributary_status WHERE table_name = '"
                        + table
                        + "'");
    }

    private long eventsApplied(String target, String table) {
        return services.count(
                target,
                "SELECT sum(events_applied) FROM _tributary_status WHERE table_name = '"
                        + table
                        + "'");
    }

    private static int verify(Path file, StringWriter out) {
        return Cli.run(out, "verify", "-f", file.toString());
    }
}
