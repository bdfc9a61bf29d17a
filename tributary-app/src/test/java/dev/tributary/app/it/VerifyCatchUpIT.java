package dev.tributary.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.app.cli.VerifyCommand;
import dev.tributary.runtime.compose.LocalCluster;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary verify --catch-up-timeout} on a running postgres-cdc → jdbc pipeline while a
 * writer keeps changing the source: verify takes the WAL position at its start, waits until the
 * replication slot has confirmed it, then compares; once the pipeline is stopped the position is
 * never reached, and verify says which step and how far behind it is, with exit code 4.
 */
class VerifyCatchUpIT extends WithServices {
    private static final Pattern START = Pattern.compile("Source position ([0-9A-F]+/[0-9A-F]+)");

    @Test
    void waitsForTheStartPositionWhileChangesFlowAndNamesTheStepAStoppedPipelineNeverPasses()
            throws Exception {
        String shop = services.newDatabase("cshop");
        String warehouse = services.newDatabase("cwarehouse");
        services.execute(
                shop,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL);"
                        + " INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 200) g");
        Path file = dir.resolve("catchup.yaml");
        Files.writeString(file, direct("catchup", shop, warehouse));
        RunningPipeline pipeline = new PipelineRunner().start(new PipelineFileParser().parse(file));
        Writer writer = new Writer(shop);
        try {
            await("the snapshot in the target")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> services.count(warehouse, "SELECT count(*) FROM accounts") == 200);
            writer.start();
            await("the writer is busy").until(() -> writer.changes() > 20);
            long before = writer.changes();
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> verify =
                    CompletableFuture.supplyAsync(
                            () -> run(out, "--catch-up-timeout", "60s", "-f", file.toString()));
            await("the capture passes the start position")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> out.toString().contains("passed it after") || verify.isDone());
            long during = writer.changes();
            writer.stop();
            int code = verify.get(90, TimeUnit.SECONDS);

            assertThat(code).as(out.toString()).isZero();
            assertThat(during).as("changes while verify waited").isGreaterThan(before);
            assertThat(out.toString())
                    .containsPattern(
                            "Source position [0-9A-F]+/[0-9A-F]+ taken at start \\(replication slot"
                                    + " tributary_catchup_shop\\)\\.")
                    .containsPattern(
                            "the capture \\(pipeline catchup\\) passed it after \\d+\\.\\d s"
                                    + " \\(slot confirmed [0-9A-F]+/[0-9A-F]+, active\\)\\.")
                    .contains("public.accounts  public.accounts")
                    .contains("Every table matches.");
            Matcher m = START.matcher(out.toString());
            assertThat(m.find()).isTrue();
            assertThat(
                            services.count(
                                    shop,
                                    "SELECT (pg_wal_lsn_diff(confirmed_flush_lsn, '"
                                            + m.group(1)
                                            + "') >= 0)::int FROM pg_replication_slots"
                                            + " WHERE slot_name = 'tributary_catchup_shop'"))
                    .as("the slot confirmed the start position")
                    .isEqualTo(1);
        } finally {
            writer.stop();
            pipeline.stop(Duration.ofSeconds(30));
        }

        services.execute(shop, "UPDATE accounts SET balance = balance + 1000");
        StringWriter late = new StringWriter();

        int code = run(late, "--catch-up-timeout", "3s", "-f", file.toString());

        assertThat(code).as(late.toString()).isEqualTo(VerifyCommand.NOT_CAUGHT_UP);
        assertThat(late.toString())
                .containsPattern(
                        "The target did NOT catch up within 3\\.0 s: the capture \\(pipeline"
                                + " catchup\\) has not passed [0-9A-F]+/[0-9A-F]+ \\(replication"
                                + " slot tributary_catchup_shop\\): [1-9]\\d* bytes of WAL behind"
                                + " \\(slot confirmed [0-9A-F]+/[0-9A-F]+, inactive: no pipeline"
                                + " reads the slot now\\)\\.")
                .contains("Tables not compared: the target has not caught up.")
                .doesNotContain("public.accounts  public.accounts");
    }

    @Test
    void followsTheStartPositionThroughKafkaToTheApplyPipeline() throws Exception {
        String shop = services.newDatabase("kshop");
        String warehouse = services.newDatabase("kwarehouse");
        services.execute(
                shop,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL);"
                        + " INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 200) g");
        services.kafka.createTopic("chain.public.accounts", 1);
        Path capture = dir.resolve("chain-capture.yaml");
        Path apply = dir.resolve("chain-apply.yaml");
        Files.writeString(capture, capture(shop));
        Files.writeString(apply, apply(warehouse));
        PipelineFileParser parser = new PipelineFileParser();
        Writer writer = new Writer(shop);
        try (LocalCluster cluster = LocalCluster.start(2)) {
            PipelineRunner runner = new PipelineRunner();
            RunningPipeline captureJob = runner.start(parser.parse(capture), cluster);
            RunningPipeline applyJob = runner.start(parser.parse(apply), cluster);
            try {
                await("the snapshot in the target")
                        .atMost(Duration.ofSeconds(90))
                        .until(
                                () ->
                                        services.count(warehouse, "SELECT count(*) FROM accounts")
                                                == 200);
                writer.start();
                await("the writer is busy").until(() -> writer.changes() > 20);
                long before = writer.changes();
                StringWriter out = new StringWriter();
                CompletableFuture<Integer> verify =
                        CompletableFuture.supplyAsync(
                                () ->
                                        run(
                                                out,
                                                "--catch-up-timeout",
                                                "90s",
                                                "-f",
                                                capture.toString(),
                                                "-f",
                                                apply.toString()));
                await("the apply pipeline passes the topic offsets")
                        .atMost(Duration.ofSeconds(90))
                        .until(
                                () ->
                                        out.toString().contains("(source shop) passed it after")
                                                || verify.isDone());
                long during = writer.changes();
                writer.stop();
                int code = verify.get(90, TimeUnit.SECONDS);

                assertThat(code).as(out.toString()).isZero();
                assertThat(during).as("changes while verify waited").isGreaterThan(before);
                assertThat(out.toString())
                        .containsPattern(
                                "Source position [0-9A-F]+/[0-9A-F]+ taken at start \\(replication"
                                        + " slot tributary_chain_capture_shop\\)\\.")
                        .containsPattern(
                                "the capture \\(pipeline chain-capture\\) passed it after"
                                        + " \\d+\\.\\d s")
                        .containsPattern(
                                "Then pipeline chain-apply \\(source shop\\) has to pass the end"
                                        + " offsets of 1 partition \\(\\d+ offsets\\); consumer"
                                        + " group tributary-chain-apply-shop on 1 topic\\.")
                        .containsPattern(
                                "pipeline chain-apply \\(source shop\\) passed it after \\d+\\.\\d"
                                        + " s \\(group tributary-chain-apply-shop committed 1 of 1"
                                        + " partitions up to the mark\\)\\.")
                        .contains("Every table matches.");
            } finally {
                writer.stop();
                applyJob.cancel();
                captureJob.cancel();
            }
        }
    }

    private String capture(String shop) {
        return String.join(
                "\n",
                "pipeline: { name: chain-capture, checkpoint-interval: 500ms, state-dir: '"
                        + dir.resolve("state-chain-capture")
                        + "', restart-attempts: 3, restart-delay: 1s }",
                "sources:",
                "  - name: shop",
                "    type: postgres-cdc",
                "    hostname: 127.0.0.1",
                "    port: " + services.postgres.port(),
                "    database: " + shop,
                "    user: " + services.postgres.user(),
                "    password: '" + services.postgres.password() + "'",
                "    tables.include: [ 'public\\.accounts' ]",
                "    heartbeat-interval: 1s",
                "tables:",
                "  - match: 'public\\.(.*)'",
                "    target: 'public.$1'",
                "sinks:",
                "  - name: kafka",
                "    type: kafka",
                "    bootstrap-servers: " + services.kafka.bootstrapServers(),
                "    topic-prefix: chain",
                "");
    }

    private String apply(String warehouse) {
        return String.join(
                "\n",
                "pipeline: { name: chain-apply, checkpoint-interval: 500ms, state-dir: '"
                        + dir.resolve("state-chain-apply")
                        + "', restart-attempts: 3, restart-delay: 1s }",
                "sources:",
                "  - name: shop",
                "    type: kafka",
                "    bootstrap-servers: " + services.kafka.bootstrapServers(),
                "    topic-pattern: 'chain\\.public\\..*'",
                "    format: debezium-json",
                "    starting-offsets: earliest",
                "    properties.isolation.level: read_committed",
                "tables:",
                "  - match: 'chain\\.public\\.(.*)'",
                "    target: 'public.$1'",
                Pipelines.jdbcSink(services, warehouse),
                "");
    }

    /** A postgres-cdc → jdbc pipeline file with a fast checkpoint and heartbeat. */
    private String direct(String name, String shop, String warehouse) {
        return String.join(
                "\n",
                "pipeline: { name: "
                        + name
                        + ", checkpoint-interval: 500ms, state-dir: '"
                        + dir.resolve("state-" + name)
                        + "', restart-attempts: 3, restart-delay: 1s }",
                "sources:",
                "  - name: shop",
                "    type: postgres-cdc",
                "    hostname: 127.0.0.1",
                "    port: " + services.postgres.port(),
                "    database: " + shop,
                "    user: " + services.postgres.user(),
                "    password: '" + services.postgres.password() + "'",
                "    tables.include: [ 'public\\.accounts' ]",
                "    heartbeat-interval: 1s",
                "tables:",
                "  - match: 'public\\.(.*)'",
                "    target: 'public.$1'",
                Pipelines.jdbcSink(services, warehouse),
                "");
    }

    private static int run(StringWriter out, String... args) {
        String[] verify = new String[args.length + 1];
        verify[0] = "verify";
        System.arraycopy(args, 0, verify, 1, args.length);
        return Cli.run(out, verify);
    }

    /** Moves money between accounts, one small transaction every few milliseconds. */
    private static final class Writer {
        private final String database;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong changes = new AtomicLong();
        private volatile Exception failure;
        private Thread thread;

        Writer(String database) {
            this.database = database;
        }

        void start() {
            running.set(true);
            thread = new Thread(this::write, "catch-up-writer");
            thread.start();
        }

        private void write() {
            try (Connection c = services.connect(database);
                    PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE accounts SET balance = balance + 1 WHERE id = ?")) {
                for (long n = 0; running.get(); n++) {
                    s.setInt(1, (int) (n % 200) + 1);
                    s.executeUpdate();
                    changes.incrementAndGet();
                    // The writer's pace, not a wait for state: about 100 changes per second.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        long changes() {
            if (failure != null) {
                throw new IllegalStateException("the writer failed", failure);
            }
            return changes.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }
}
