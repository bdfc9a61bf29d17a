package dev.tributary.app.bench;

import dev.tributary.app.cli.DurationConverter;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures the pipeline on this machine: Debezium change events for an orders table go into the
 * embedded Kafka first, then the kafka → jdbc pipeline runs until the embedded PostgreSQL holds
 * exactly the expected rows; a raw COPY of the same rows is the physical baseline, a paced run
 * measures latency, and a JFR profile says where the time went.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the pipeline on this machine with embedded Kafka and PostgreSQL: throughput"
                    + " (checked against the expected final state), a raw COPY baseline, end-to-end latency at a"
                    + " paced rate, peak memory, and a profile.",
            "Exit code 0 when the target matched the expected state, whether or not the goals were met."
        })
public final class BenchCommand implements Callable<Integer> {
    static final String ORDERS_TOPIC = "bench.public.orders";
    static final String PACED_TOPIC = "bench.public.paced";
    static final String TARGET = "public.orders";
    static final String PACED_TARGET = "public.paced";
    private static final String DATABASE = "bench";
    private static final List<String> DATA_DIRS =
            List.of("kafka", "postgres", "state", "warmup-state");

    @Option(
            names = "--events",
            defaultValue = "1000000",
            description = "Change events to produce (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--keys",
            defaultValue = "200000",
            description = "Distinct order ids (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description =
                    "Subtasks of the pipeline (default: ${DEFAULT-VALUE}); the orders topic has 4 partitions.")
    int parallelism;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "The pipeline's checkpoint interval, hence commit interval (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--paced-rate",
            defaultValue = "5000",
            description = "Events/s of the latency run (default: ${DEFAULT-VALUE}).")
    int pacedRate;

    @Option(
            names = "--paced-seconds",
            defaultValue = "20",
            description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    int pacedSeconds;

    @Option(
            names = "--schema-envelope",
            description =
                    "Produce JsonConverter's schema envelope (schemas.enable=true) instead of bare payloads.")
    boolean schemaEnvelope;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Working directory (default: a new temporary one). The Kafka, PostgreSQL and checkpoint"
                            + " data in it are deleted at the end; bench-result.json and bench.jfr stay.")
    Path dir;

    @Option(
            names = "--keep-data",
            description = "Keep the Kafka, PostgreSQL and checkpoint data in the directory.")
    boolean keepData;

    @Option(
            names = "--warmup-events",
            defaultValue = "300000",
            description =
                    "Events the pipeline runs over first, in the same JVM, so that the measured run finds"
                            + " its code compiled; 0 measures a cold JVM (default: ${DEFAULT-VALUE}).")
    long warmupEvents;

    @Option(
            names = "--profile",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description =
                    "Record and summarise a JFR profile of the throughput run. Off by default: the"
                            + " recording costs the run about a sixth of its throughput on two cores.")
    boolean profile;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long the target may take to match (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        validate();
        Path work = prepareDir();
        BenchResult result = new BenchResult();
        settings(result);
        say(
                "tributary bench: %,d events over %,d keys (seed %d, %s), checkpoint every %d ms; working in %s",
                events,
                keys,
                seed,
                schemaEnvelope ? "with schema envelope" : "no schema envelope",
                checkpointInterval.toMillis(),
                work);
        EmbeddedKafka kafka = null;
        EmbeddedDatabase postgres = null;
        RunningPipeline pipeline = null;
        Profiler profiler = null;
        try {
            say("starting embedded Kafka and PostgreSQL...");
            kafka = EmbeddedKafka.start(work.resolve("kafka"));
            postgres = EmbeddedDatabase.start(work.resolve("postgres"));
            postgres.createDatabase(DATABASE);
            kafka.createTopic(ORDERS_TOPIC, 4);
            kafka.createTopic(PACED_TOPIC, 1);
            kafka.createTopic(WarmUp.TOPIC, 4);
            BenchDatabase db =
                    new BenchDatabase(
                            postgres.jdbcUrl(DATABASE), postgres.user(), postgres.password());

            OrderWorkload workload = new OrderWorkload(seed, events, keys);
            WorkloadProducer.Result produced =
                    new WorkloadProducer(kafka.bootstrapServers(), ORDERS_TOPIC, schemaEnvelope)
                            .produce(workload);
            result.events = produced.events();
            result.inserts = workload.inserts();
            result.updates = workload.updates();
            result.deletes = workload.deletes();
            result.produceRate = produced.eventsPerSecond();
            result.produceBytes = produced.bytes();
            say(
                    "produced %,d events (%,d inserts, %,d updates, %,d deletes; %,d MB) into %s in %.1f s: %,.0f events/s",
                    produced.events(),
                    result.inserts,
                    result.updates,
                    result.deletes,
                    produced.bytes() >> 20,
                    ORDERS_TOPIC,
                    produced.nanos() / 1e9,
                    result.produceRate);

            if (warmupEvents > 0) {
                new WorkloadProducer(kafka.bootstrapServers(), WarmUp.TOPIC, schemaEnvelope)
                        .produce(new OrderWorkload(seed + 2, warmupEvents, keys));
            }

            List<OrderRow> expected = workload.finalRows();
            result.finalRows = expected.size();
            try (Connection c = db.connect()) {
                // Best of two per format: the first run also warms up the JIT of the client-side
                // encoding. The baseline is the faster format: the sink writes binary where it can.
                // Text goes last, so that the expected rows the target is compared with were not
                // written by the encoder the sink uses.
                CopyBaseline.Result binary =
                        faster(
                                CopyBaseline.loadBinary(c, expected),
                                CopyBaseline.loadBinary(c, expected));
                CopyBaseline.Result text =
                        faster(CopyBaseline.load(c, expected), CopyBaseline.load(c, expected));
                CopyBaseline.Result copy = faster(text, binary);
                result.copySeconds = copy.nanos() / 1e9;
                result.copyRowsPerSecond = copy.rowsPerSecond();
                result.copyFormat = copy.format();
                for (CopyBaseline.Result r : List.of(text, binary)) {
                    say(
                            "raw COPY baseline, %s format (best of 2): %,d final rows (%,d MB) into %s in %.2f s: %,.0f rows/s",
                            r.format(),
                            r.rows(),
                            r.bytes() >> 20,
                            CopyBaseline.TABLE,
                            r.nanos() / 1e9,
                            r.rowsPerSecond());
                }
            }

            PipelineDefinition def =
                    new PipelineFileParser()
                            .parse(
                                    BenchPipeline.yaml(
                                            BenchPipeline.NAME,
                                            kafka.bootstrapServers(),
                                            db.url(),
                                            db.user(),
                                            db.password(),
                                            work.resolve("state"),
                                            checkpointInterval,
                                            parallelism,
                                            ORDERS_TOPIC,
                                            PACED_TOPIC),
                                    "the bench pipeline");
            if (warmupEvents > 0) {
                say(
                        "warm-up: the pipeline runs over %,d other events first (--warmup-events)...",
                        warmupEvents);
                WarmUp.Result warm =
                        WarmUp.run(
                                new PipelineFileParser()
                                        .parse(
                                                BenchPipeline.yaml(
                                                        WarmUp.NAME,
                                                        kafka.bootstrapServers(),
                                                        db.url(),
                                                        db.user(),
                                                        db.password(),
                                                        work.resolve("warmup-state"),
                                                        checkpointInterval,
                                                        parallelism,
                                                        WarmUp.TOPIC),
                                                "the warm-up pipeline"),
                                db,
                                warmupEvents,
                                timeout,
                                BenchCommand::problemOf);
                say("warm-up: %,d events applied in %.1f s", warm.events(), warm.seconds());
            }
            PostgresMemory postgresMemory = new PostgresMemory(work.resolve("postgres"));
            HeapPeak.reset();
            if (profile) {
                profiler = Profiler.start(work.resolve("bench.jfr"));
            }
            say(
                    "starting the pipeline (kafka -> jdbc upsert into %s) and waiting for the target to match...",
                    TARGET);
            CpuAccount cpu = new CpuAccount(work.resolve("postgres"));
            CpuAccount.Snapshot cpuAtSubmit = cpu.take();
            long submitted = System.nanoTime();
            pipeline = new PipelineRunner().start(def);
            RunningPipeline running = pipeline;
            TargetWatcher.Outcome outcome;
            try (Connection c = db.connect()) {
                outcome =
                        new TargetWatcher(
                                        c,
                                        BenchPipeline.NAME,
                                        result.events,
                                        TARGET,
                                        CopyBaseline.TABLE,
                                        () -> problemOf(running),
                                        postgresMemory::sample)
                                .await(timeout);
            }
            CpuAccount.Snapshot cpuAtMatch = cpu.take();
            result.pipelineSeconds = (outcome.doneNanos() - submitted) / 1e9;
            if (cpuAtSubmit != null && cpuAtMatch != null) {
                result.cpu = cpuAtMatch.since(cpuAtSubmit, result.events);
            }
            result.firstRowSeconds =
                    outcome.firstRowNanos() < 0 ? -1 : (outcome.firstRowNanos() - submitted) / 1e9;
            result.appliedAtFirstRow = outcome.appliedAtFirstRow();
            result.checksumQueries = outcome.checksumQueries();
            if (profiler != null) {
                result.jfr = profiler.stop();
            }
            say(
                    "target matched: %,d rows, checksum %s equals the expected rows' (polled every 250 ms)",
                    outcome.checksum().rows(), outcome.checksum().hashSum());
            say(
                    "pipeline: %,.0f events/s over %.1f s from submit to match; first commit seen after"
                            + " %.1f s with %,d events applied; steady %,.0f events/s from then to the match",
                    result.eventsPerSecond(),
                    result.pipelineSeconds,
                    result.firstRowSeconds,
                    result.appliedAtFirstRow,
                    result.steadyEventsPerSecond());
            if (result.cpu != null) {
                result.cpu.lines().forEach(this::print);
            }

            say(
                    "paced run: %,d inserts/s for %d s into %s...",
                    pacedRate, pacedSeconds, PACED_TOPIC);
            PacedRun.Result paced =
                    new PacedRun(
                                    kafka.bootstrapServers(),
                                    PACED_TOPIC,
                                    PACED_TARGET,
                                    schemaEnvelope)
                            .run(
                                    db,
                                    pacedRate,
                                    pacedSeconds,
                                    seed + 1,
                                    checkpointInterval.multipliedBy(5).plusSeconds(60));
            postgresMemory.sample();
            result.pacedEvents = paced.events();
            result.pacedAchievedRate = paced.achievedRate();
            result.latencyP50Millis = paced.latencies().percentileMillis(50);
            result.latencyP99Millis = paced.latencies().percentileMillis(99);
            result.latencyMaxMillis = paced.latencies().maxMillis();
            say(
                    "latency (send -> visible in %s, polled every %d ms) over %,d events at %,.0f/s: p50 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms",
                    PACED_TARGET,
                    PacedRun.POLL_MILLIS,
                    paced.events(),
                    paced.achievedRate(),
                    result.latencyP50Millis,
                    result.latencyP99Millis,
                    result.latencyMaxMillis);

            result.peakHeapBytes = HeapPeak.bytes();
            result.maxHeapBytes = HeapPeak.max();
            result.postgresPeakBytes = postgresMemory.peakBytes();
            say(
                    "peak heap %,d MB of %,d MB max (this JVM: the bench, the embedded Kafka broker and the Flink"
                            + " MiniCluster); PostgreSQL, a separate process tree: peak %s",
                    result.peakHeapBytes >> 20,
                    result.maxHeapBytes >> 20,
                    result.postgresPeakBytes < 0
                            ? "unknown"
                            : String.format("%,d MB PSS", result.postgresPeakBytes >> 20));

            pipeline.cancel();
            pipeline = null;
            if (result.jfr != null) {
                result.profile = ProfileReport.read(result.jfr);
                result.profile.lines(result.events).forEach(this::print);
                say("JFR recording: %s", result.jfr);
            }
            Path json = work.resolve("bench-result.json");
            result.write(json);
            say("");
            say("%s", result.summaryLine());
            say(
                    "(ratio = pipeline events/s over raw COPY rows/s of the %,d final rows)",
                    result.finalRows);
            result.goalLines().forEach(this::print);
            say("result: %s", json);
            return 0;
        } finally {
            if (pipeline != null) {
                pipeline.cancel();
            }
            if (profiler != null) {
                profiler.discard();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (!keepData) {
                deleteData(work);
            }
            if (dir == null) {
                deleteIfEmpty(work);
            }
            out.flush();
        }
    }

    private void validate() {
        if (events < 1 || keys < 1 || pacedRate < 1 || pacedSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--events, --keys, --paced-rate and --paced-seconds" + " must be at least 1");
        }
        if (warmupEvents < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--warmup-events must be 0 (no warm-up) or more");
        }
    }

    private Path prepareDir() throws IOException {
        Path work =
                dir == null ? Files.createTempDirectory("tributary-bench-") : dir.toAbsolutePath();
        Files.createDirectories(work);
        for (String d : DATA_DIRS) {
            if (Files.exists(work.resolve(d))) {
                throw new IllegalStateException(
                        work.resolve(d)
                                + " exists from an earlier run; the bench needs"
                                + " empty services. Delete it or choose another --dir.");
            }
        }
        return work;
    }

    private void settings(BenchResult result) {
        result.settings.put("events", events);
        result.settings.put("keys", keys);
        result.settings.put("seed", seed);
        result.settings.put("checkpointIntervalMillis", checkpointInterval.toMillis());
        result.settings.put("parallelism", parallelism);
        result.settings.put("pacedRate", pacedRate);
        result.settings.put("pacedSeconds", pacedSeconds);
        result.settings.put("schemaEnvelope", schemaEnvelope);
        result.settings.put("warmupEvents", warmupEvents);
        result.settings.put("processors", Runtime.getRuntime().availableProcessors());
        result.settings.put(
                "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /** Why the pipeline no longer runs, or null while it does. */
    private static String problemOf(RunningPipeline pipeline) {
        JobStatus status;
        try {
            status = pipeline.status();
        } catch (Exception e) {
            return "its status cannot be read: " + e.getMessage();
        }
        if (!status.isGloballyTerminalState()) {
            return null;
        }
        try {
            pipeline.awaitTermination();
            return "the job ended with status " + status;
        } catch (Exception e) {
            return "the job ended with status " + status + ": " + e.getMessage();
        }
    }

    private static void deleteData(Path work) {
        for (String d : DATA_DIRS) {
            Path p = work.resolve(d);
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // Best effort: a leftover temp directory is not worth failing a finished bench for.
            }
        }
    }

    private static void deleteIfEmpty(Path work) {
        try (Stream<Path> files = Files.list(work)) {
            if (files.findAny().isEmpty()) {
                Files.delete(work);
            }
        } catch (IOException e) {
            // Best effort, as above.
        }
    }

    private void say(String format, Object... args) {
        print(String.format(format, args));
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }

    private static CopyBaseline.Result faster(CopyBaseline.Result a, CopyBaseline.Result b) {
        return a.nanos() <= b.nanos() ? a : b;
    }
}
