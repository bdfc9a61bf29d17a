package dev.tributary.app.demo;

import dev.tributary.api.event.TableId;
import dev.tributary.app.cli.DurationConverter;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.app.status.StatusReader;
import dev.tributary.app.status.TableStatus;
import dev.tributary.app.verify.CatchUp;
import dev.tributary.app.verify.MirrorPlan;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.Dialects;
import dev.tributary.jdbc.verify.Side;
import dev.tributary.jdbc.verify.TablePair;
import dev.tributary.jdbc.verify.Verifier;
import dev.tributary.jdbc.verify.VerifyResult;
import dev.tributary.jdbc.verify.VerifySettings;
import dev.tributary.runtime.compose.LocalCluster;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole path on one machine with nothing installed: a shop database with a live workload, the
 * capture pipeline (postgres-cdc → Kafka) and the apply pipeline (Kafka → warehouse PostgreSQL) in
 * one local Flink cluster, a status line per second, and at the end a verify of every mirrored
 * table against the shop.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole path embedded: a shop PostgreSQL with a workload, Kafka, a warehouse"
                        + " PostgreSQL, and the capture and apply pipelines of examples/demo-*.yaml."
                        + " Stops on Ctrl-C or after --duration, then verifies the warehouse against"
                        + " the shop. Exit code 0 when every table matches.")
public final class DemoCommand implements Callable<Integer> {
    /** Exit code when the warehouse does not match the shop at the end. */
    public static final int NOT_EQUAL = 3;

    static final String CAPTURE = "examples/demo-capture.yaml";
    static final String APPLY = "examples/demo-apply.yaml";

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Stop by itself after this long, e.g. 60s or 5m (default: until Ctrl-C).")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "20",
            paramLabel = "TX_PER_SECOND",
            description = "Workload transactions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--customers",
            defaultValue = "500",
            paramLabel = "N",
            description =
                    "Customers to seed; orders are twice as many, with one to four items each"
                            + " (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the data and the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dir",
            defaultValue = "tributary-state/demo",
            paramLabel = "DIR",
            description =
                    "Where the services and pipelines keep their data; emptied at the start"
                            + " (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--verify-timeout",
            converter = DurationConverter.class,
            defaultValue = "120s",
            paramLabel = "DURATION",
            description =
                    "How long the final verify waits for the warehouse to catch up with the shop"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration verifyTimeout;

    @Spec CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir.toAbsolutePath();
        if (Files.exists(root)) {
            PathUtils.deleteDirectory(root);
        }
        Files.createDirectories(root);
        Thread hook =
                new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                // Let the demo stop its pipelines and print the verify table.
                                finished.await(verifyTimeout.toSeconds() + 90, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "tributary-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out, root);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this very moment.
            }
        }
    }

    private int run(PrintWriter out, Path root) throws Exception {
        out.println("Starting the shop and warehouse PostgreSQL and a Kafka broker in " + root);
        out.flush();
        try (DemoServices services = DemoServices.start(root.resolve("services"))) {
            Seeded seeded = seed(services);
            out.println("Seeded the shop: " + seeded.rows());
            for (String table : ShopSchema.TABLES) {
                services.kafka.createTopic("shop.public." + table, 1);
            }
            Map<String, String> variables = services.variables(root.resolve("state"));
            PipelineFileParser parser =
                    new PipelineFileParser(
                            name ->
                                    variables.containsKey(name)
                                            ? variables.get(name)
                                            : System.getenv(name));
            PipelineDefinition capture = parser.parse(resource(CAPTURE), CAPTURE);
            PipelineDefinition apply = parser.parse(resource(APPLY), APPLY);
            int slots = capture.settings().parallelism() + apply.settings().parallelism();
            try (LocalCluster cluster = LocalCluster.start(slots)) {
                PipelineRunner runner = new PipelineRunner();
                RunningPipeline captureJob = runner.start(capture, cluster);
                RunningPipeline applyJob = runner.start(apply, cluster);
                out.println("Look inside while it runs:");
                out.println("  shop:      " + DemoServices.psql(services.shop, DemoServices.SHOP));
                out.println(
                        "  warehouse: "
                                + DemoServices.psql(services.warehouse, DemoServices.WAREHOUSE));
                out.println(
                        duration == null
                                ? "Ctrl-C stops the workload, then verifies."
                                : "Running for " + duration.toSeconds() + " s, then verifying.");
                out.flush();
                ShopWorkload workload =
                        ShopWorkload.start(services.connectShop(), seeded.state(), seed + 1, rate);
                try {
                    watch(out, services, apply, workload, seeded.rows());
                } finally {
                    workload.stop();
                }
                out.printf(
                        "Workload stopped after %d transactions (%d rows changed). Waiting for the"
                                + " warehouse to catch up, then verifying...%n",
                        workload.transactions(), workload.rowChanges());
                out.flush();
                VerifyResult result = verify(out, services, capture, apply);
                captureJob.cancel();
                applyJob.cancel();
                out.print(result.format());
                out.println(
                        result.allMatch()
                                ? "The warehouse equals the shop."
                                : "The warehouse does NOT equal the shop.");
                out.flush();
                return result.allMatch() ? 0 : NOT_EQUAL;
            }
        }
    }

    /** Prints the live view once a second until the duration is over or Ctrl-C. */
    private void watch(
            PrintWriter out,
            DemoServices services,
            PipelineDefinition apply,
            ShopWorkload workload,
            Map<String, Long> seeded)
            throws Exception {
        Map<String, Long> estimates = new LinkedHashMap<>();
        List<String> topics = new ArrayList<>();
        for (String table : ShopSchema.TABLES) {
            estimates.put("public." + table, seeded.get(table));
            topics.add("shop.public." + table);
        }
        DemoProgress progress = new DemoProgress(estimates);
        long started = System.nanoTime();
        // The status table the apply pipeline's jdbc sink writes, as its file configures it.
        SinkDatabase sink = SinkDatabase.of(apply.sinks()).get(0);
        StatusReader reader = new StatusReader(sink.dialect(), sink.statusTable());
        try (KafkaBacklog kafka = new KafkaBacklog(services.kafka.bootstrapServers(), topics);
                Connection warehouse = sink.connect()) {
            while (!stop.await(1, TimeUnit.SECONDS)) {
                long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
                List<TableStatus> applied = reader.read(warehouse, apply.settings().name());
                for (String line :
                        progress.lines(
                                elapsed,
                                Instant.now(),
                                workload,
                                kafka.committedRecords(),
                                applied)) {
                    out.println(line);
                }
                out.flush();
                if (workload.failure() != null) {
                    out.println("The workload failed: " + workload.failure());
                    return;
                }
                if (duration != null && elapsed >= duration.toSeconds()) {
                    return;
                }
            }
        }
    }

    /**
     * Waits until both pipelines have passed the shop's WAL position of the stop (the capture's
     * slot, then the apply pipeline's committed Kafka offsets), then compares, again every second
     * while tables differ, within what is left of {@code --verify-timeout}.
     */
    private VerifyResult verify(
            PrintWriter out,
            DemoServices services,
            PipelineDefinition capture,
            PipelineDefinition apply)
            throws SQLException {
        Duration compareFor = verifyTimeout;
        try (CatchUp catchUp = CatchUp.of(MirrorPlan.of(List.of(capture, apply), CAPTURE))) {
            CatchUp.Outcome outcome =
                    catchUp.await(
                            verifyTimeout,
                            line -> {
                                out.println(line);
                                out.flush();
                            });
            Duration left = verifyTimeout.minus(outcome.elapsed());
            // Not caught up: compare once, so the table shows how far the warehouse is.
            compareFor = outcome.passed() && !left.isNegative() ? left : Duration.ZERO;
        }
        Dialect dialect = warehouseDialect(services);
        List<TablePair> pairs = new ArrayList<>();
        for (String table : ShopSchema.TABLES) {
            pairs.add(TablePair.of(TableId.of("public", table), TableId.of("public", table)));
        }
        try (Connection shop = services.connectShop();
                Connection warehouse = services.connectWarehouse()) {
            return new Verifier(
                            new Side("shop", dialect, shop),
                            new Side("warehouse", dialect, warehouse),
                            VerifySettings.defaults().withCatchUpTimeout(compareFor))
                    .verify(pairs);
        }
    }

    private static Dialect warehouseDialect(DemoServices services) {
        return Dialects.forUrl(
                services.warehouse.jdbcUrl(DemoServices.WAREHOUSE),
                DemoCommand.class.getClassLoader());
    }

    /** The seeded shop: what the workload needs to know, and the rows per table. */
    private record Seeded(ShopState state, Map<String, Long> rows) {}

    private Seeded seed(DemoServices services) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = services.connectShop()) {
            ShopState state = ShopSchema.create(c, customers, seed);
            try (Statement s = c.createStatement()) {
                for (String table : ShopSchema.TABLES) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
            c.commit();
            return new Seeded(state, rows);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
