package dev.tributary.app.it;

import static dev.tributary.app.it.Debezium.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.app.chain.PipelineChain;
import dev.tributary.app.cli.TributaryCli;
import dev.tributary.app.status.ProgressPrinter;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.app.status.SnapshotEstimates;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tributary status} showing per table what a pipeline applied, read from the status table in
 * the target: a table feeding a mirror and a history through {@code continue: true}; a postgres-cdc
 * snapshot against the source's estimate, with {@code run}'s progress bars and the slot's retained
 * WAL; a capture → Kafka → apply chain.
 */
class StatusCommandIT extends WithServices {

    @Test
    void statusShowsWhatEachTableApplied() throws Exception {
        String db = services.newDatabase("status");
        String tables =
                String.join(
                        "\n",
                        "  - match: 'shop\\.public\\.(orders)'",
                        "    target: 'public.$1_history'",
                        "    mode: append",
                        "    continue: true",
                        "  - match: 'shop\\.public\\.(.*)'",
                        "    target: 'public.$1'");
        String topic = "shop.public.orders";
        services.kafka.createTopic(topic, 1);
        String yaml =
                Pipelines.kafkaToJdbc(
                        "status",
                        dir.resolve("state-status"),
                        services,
                        db,
                        "shop\\.public\\..*",
                        tables);
        Path file = dir.resolve("status.yaml");
        Files.writeString(file, yaml);
        RunningPipeline pipeline = Pipelines.start(yaml, dir);
        try {
            Debezium orders =
                    new Debezium(topic, "id").field("id", "int64").field("item", "string");
            long ts = 1_700_000_000_000L;
            services.send(topic, orders.key(1L), orders.value("r", null, order(1, "tea"), ts));
            services.send(topic, orders.key(2L), orders.value("r", null, order(2, "jam"), ts));
            services.send(topic, orders.key(3L), orders.value("c", null, order(3, "oat"), ts + 1));
            services.send(
                    topic,
                    orders.key(1L),
                    orders.value("u", order(1, "tea"), order(1, "green tea"), ts + 2));
            services.send(topic, orders.key(2L), orders.value("d", order(2, "jam"), null, ts + 3));
            services.send(topic, orders.key(2L), null);
            services.send(topic, "{\"id\": 9}", "{ this is not json");
            services.flush();

            await("mirror, history and error applied")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    services.rows(db, "SELECT id, item FROM orders ORDER BY id")
                                                    .equals(
                                                            List.of(
                                                                    List.of("1", "green tea"),
                                                                    List.of("3", "oat")))
                                            && services.count(
                                                            db,
                                                            "SELECT count(*) FROM orders_history")
                                                    == 5
                                            && services.count(
                                                            db,
                                                            "SELECT count(*) FROM _tributary_errors")
                                                    == 1);
        } finally {
            pipeline.stop(Duration.ofSeconds(30));
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("status", "-f", file.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0))
                .startsWith("sink warehouse (")
                .endsWith("), table _tributary_status:");
        assertThat(lines.get(1))
                .startsWith("pipeline  table")
                .contains("phase", "snapshot rows", "events", "errors", "lag", "position");
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l).matches("status +_tributary_errors +errors +0 +1 +1 .*"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "status +public\\.orders +streaming +2 +5 +0 +\\d+ ms"
                                                        + " +2023-11-14 22:13:20Z +shop\\.public\\.orders-0@4 .*"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "status +public\\.orders_history +streaming +2 +5 +0 .*"));
    }

    /**
     * A postgres-cdc → jdbc pipeline: while the snapshot is in, {@code run}'s progress bars and
     * {@code status} show the rows of the source's estimate, and status reports the slot; once a
     * change streams, the estimate is gone.
     */
    @Test
    void snapshotShowsRowsOfTheEstimateAndTheSlotRetainedWal() throws Exception {
        String shop = services.newDatabase("sshop");
        String warehouse = services.newDatabase("swarehouse");
        // Never analyzed: the estimate is an exact count.
        services.execute(
                shop,
                "CREATE TABLE orders (id bigint PRIMARY KEY, item text);"
                        + " INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 3000) g;"
                        + " CREATE TABLE notes (id int PRIMARY KEY);"
                        + " INSERT INTO notes SELECT generate_series(1, 40); ANALYZE notes");
        Path file = dir.resolve("status-cdc.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "pipeline: { name: status-cdc, checkpoint-interval: 500ms, state-dir: '"
                                + dir.resolve("state-status-cdc")
                                + "', restart-attempts: 3, restart-delay: 1s }",
                        cdcSource(shop),
                        "tables:",
                        "  - match: 'public\\.(orders)'",
                        "    target: 'public.$1_history'",
                        "    mode: append",
                        "    continue: true",
                        "  - match: 'public\\.(.*)'",
                        "    target: 'public.$1'",
                        Pipelines.jdbcSink(services, warehouse),
                        ""));
        PipelineDefinition def = new PipelineFileParser().parse(file);
        StringWriter bars = new StringWriter();
        // Started before the pipeline, so that its first bars show nothing applied yet.
        ProgressPrinter progress =
                ProgressPrinter.start(def, new PrintWriter(bars), Duration.ofMillis(200));
        RunningPipeline pipeline = null;
        try {
            pipeline = new PipelineRunner().start(def);
            assertThat(progress.await(Duration.ofSeconds(120)))
                    .as("every snapshot finished; printed so far:%n%s", bars)
                    .isTrue();
            List<String> printed = bars.toString().lines().toList();
            assertThat(printed)
                    .as(bars.toString())
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "  snapshot public\\.orders +\\[-+\\] 0 of ~3000 \\(0%\\)"
                                                    + " 0 rows/s ETA \\?"))
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "  snapshot public\\.orders +\\[#+\\] 3000 of ~3000"
                                                    + " \\(100%\\) \\d+ rows/s done"))
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "  snapshot public\\.orders_history +\\[#+\\] 3000 of"
                                                    + " ~3000 \\(100%\\) \\d+ rows/s done"))
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "  snapshot public\\.notes +\\[#+\\] 40 of ~40"
                                                    + " \\(100%\\) \\d+ rows/s done"));
            assertThat(printed.stream().filter(l -> l.endsWith("done"))).hasSize(3);

            AtomicReference<String> shown = new AtomicReference<>();
            await("status shows the snapshot and the slot being read")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                shown.set(status(file));
                                return shown.get().contains("active yes");
                            });
            assertThat(shown.get().lines())
                    .as(shown.get())
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "status-cdc +public\\.orders +snapshot +3000 of ~3000"
                                                    + " \\(100%\\) +3000 +0 +tributary_status_cdc_shop-0@0"
                                                    + " +\\d+ s ago"))
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "status-cdc +public\\.orders_history +snapshot +3000 of"
                                                    + " ~3000 \\(100%\\) +3000 +0 .*"))
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "source shop \\(jdbc:postgresql://127\\.0\\.0\\.1:\\d+/"
                                                    + shop
                                                    + "\\): slot tributary_status_cdc_shop, active"
                                                    + " yes, retained WAL \\d+(\\.\\d)? [KMG]?i?B,"
                                                    + " confirmed-flush lag \\d+(\\.\\d)? [KMG]?i?B,"
                                                    + " confirmed LSN [0-9A-F]+/[0-9A-F]+"));
            assertThat(shown.get()).doesNotContain("password");

            services.execute(shop, "INSERT INTO orders VALUES (3001, 'late')");
            await("the change streams")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> services.count(warehouse, "SELECT count(*) FROM orders") == 3001);
            assertThat(status(file).lines())
                    .anyMatch(
                            l ->
                                    l.matches(
                                            "status-cdc +public\\.orders +streaming +3000 +3001 +0"
                                                    + " .*"));
        } finally {
            progress.close();
            if (pipeline != null) {
                pipeline.stop(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * {@code status -f capture.yaml -f apply.yaml}: the capture file's estimates follow the tables
     * through Kafka to the apply file's sink; before anything ran, the slot does not exist yet.
     */
    @Test
    void aChainThroughKafkaMapsEstimatesToTheApplyFilesTables() throws Exception {
        String shop = services.newDatabase("cshop");
        String warehouse = services.newDatabase("cwarehouse");
        services.execute(
                shop,
                "CREATE TABLE orders (id bigint PRIMARY KEY);"
                        + " INSERT INTO orders SELECT generate_series(1, 120)");
        Path capture = dir.resolve("chain-capture.yaml");
        Files.writeString(
                capture,
                String.join(
                        "\n",
                        "pipeline: { name: chain-capture, state-dir: '"
                                + dir.resolve("state-chain-capture")
                                + "' }",
                        cdcSource(shop),
                        "tables:",
                        "  - match: 'public\\.(.*)'",
                        "    target: 'public.$1'",
                        "sinks:",
                        "  - name: kafka",
                        "    type: kafka",
                        "    bootstrap-servers: " + services.kafka.bootstrapServers(),
                        "    topic-prefix: chain",
                        ""));
        Path apply = dir.resolve("chain-apply.yaml");
        Files.writeString(
                apply,
                Pipelines.kafkaToJdbc(
                        "chain-apply",
                        dir.resolve("state-chain-apply"),
                        services,
                        warehouse,
                        "chain\\.public\\..*",
                        String.join(
                                "\n",
                                "  - match: 'chain\\.public\\.(orders)'",
                                "    target: 'public.$1_history'",
                                "    mode: append",
                                "    continue: true",
                                "  - match: 'chain\\.public\\.(.*)'",
                                "    target: 'public.$1'")));
        PipelineFileParser parser = new PipelineFileParser();
        PipelineChain chain =
                new PipelineChain(List.of(parser.parse(capture), parser.parse(apply)));

        Map<SinkDatabase, Map<String, Long>> estimates = SnapshotEstimates.of(chain);

        assertThat(chain.sinks(0)).isEmpty();
        assertThat(estimates)
                .containsExactly(
                        Map.entry(
                                chain.sinks(1).get(0),
                                Map.of("public.orders_history", 120L, "public.orders", 120L)));
        String shown = status(capture, apply);
        assertThat(shown)
                .contains("nothing applied yet by pipeline chain-apply")
                .contains(
                        "): slot tributary_chain_capture_shop, state not created yet (the pipeline"
                                + " has not started)");
    }

    private static String cdcSource(String database) {
        return String.join(
                "\n",
                "sources:",
                "  - name: shop",
                "    type: postgres-cdc",
                "    hostname: 127.0.0.1",
                "    port: " + services.postgres.port(),
                "    database: " + database,
                "    user: " + services.postgres.user(),
                "    password: '" + services.postgres.password() + "'",
                "    tables.include: [ 'public\\..*' ]",
                "    heartbeat-interval: 1s");
    }

    /** {@code tributary status -f ...}'s output; fails on anything on stderr or a non-zero exit. */
    private static String status(Path... files) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("status"));
        for (Path f : files) {
            args.add("-f");
            args.add(f.toString());
        }
        int code = cli.execute(args.toArray(String[]::new));
        assertThat(err.toString()).isEmpty();
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    private static java.util.Map<String, Object> order(long id, String item) {
        return row("id", id, "item", item);
    }
}
