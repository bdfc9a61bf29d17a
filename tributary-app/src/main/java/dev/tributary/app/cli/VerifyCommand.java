package dev.tributary.app.cli;

import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.app.verify.CatchUp;
import dev.tributary.app.verify.MirrorPlan;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.Dialects;
import dev.tributary.jdbc.verify.Side;
import dev.tributary.jdbc.verify.TablePair;
import dev.tributary.jdbc.verify.Verifier;
import dev.tributary.jdbc.verify.VerifyResult;
import dev.tributary.jdbc.verify.VerifySettings;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares every mirrored table with its source table: counts, checksums, differing keys. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Prove that the target holds what the source holds: for each mirrored table, row"
                        + " counts and an order-independent checksum computed in both databases,"
                        + " from a consistent read of the source; when they differ, key ranges"
                        + " narrow it down to the differing keys. With --catch-up-timeout, first"
                        + " waits until the pipelines have passed the source position of the"
                        + " start. Exit code 0 when every table matches, 3 when one differs, 4"
                        + " when the pipelines did not pass the start position in time.")
public final class VerifyCommand implements Callable<Integer> {
    /** Exit code when a table differs. */
    public static final int NOT_EQUAL = 3;

    /** Exit code when the pipelines did not pass the start position within the timeout. */
    public static final int NOT_CAUGHT_UP = 4;

    /**
     * How long the comparison may retry after the pipelines passed the start position, at least:
     * the sink applies the checkpoint that confirmed it in the background.
     */
    static final Duration COMPARE_GRACE = Duration.ofSeconds(2);

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description =
                    "The pipeline file; for a chain through Kafka give both, capture first: -f"
                            + " capture.yaml -f apply.yaml")
    List<Path> files;

    @Option(
            names = "--max-differences",
            defaultValue = "10",
            paramLabel = "N",
            description =
                    "Differing keys to print per table; 0 skips narrowing (default: ${DEFAULT-VALUE}).")
    int maxDifferences;

    @Option(
            names = "--catch-up-timeout",
            converter = DurationConverter.class,
            defaultValue = "0s",
            paramLabel = "DURATION",
            description =
                    "While changes still flow: take the source position now, wait until every"
                            + " pipeline up to the target has passed it, then compare, and again"
                            + " every second while tables differ; all within this long (the"
                            + " comparison gets at least 2 s). 0s compares once, at once (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration catchUpTimeout;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PipelineDefinition> defs = new ArrayList<>();
        for (Path f : files) {
            defs.add(new PipelineFileParser().parse(f));
        }
        MirrorPlan plan = MirrorPlan.of(defs, files.get(0).toString());
        if (!plan.unmirrored().isEmpty()) {
            out.println(
                    "Not compared (no upsert rule mirrors them into a database): "
                            + plan.unmirrored());
        }
        if (plan.pairsByTarget().isEmpty()) {
            out.println("No mirrored table to compare.");
            out.flush();
            return NOT_EQUAL;
        }
        Duration compareFor = catchUpTimeout;
        if (!catchUpTimeout.isZero()) {
            Optional<Duration> left = catchUp(plan, out);
            if (left.isEmpty()) {
                out.println("Tables not compared: the target has not caught up.");
                out.flush();
                return NOT_CAUGHT_UP;
            }
            compareFor = left.get();
        }
        VerifySettings defaults = VerifySettings.defaults();
        VerifySettings settings =
                new VerifySettings(
                        maxDifferences,
                        defaults.leafRows(),
                        defaults.fanout(),
                        compareFor,
                        defaults.catchUpInterval());
        boolean allMatch = true;
        SourceDatabase source = plan.source();
        Dialect sourceDialect = Dialects.forUrl(source.jdbcUrl(), getClass().getClassLoader());
        for (Map.Entry<SinkDatabase, List<TablePair>> e : plan.pairsByTarget().entrySet()) {
            SinkDatabase target = e.getKey();
            out.println(
                    "Comparing the source with sink "
                            + target.sinkName()
                            + " ("
                            + target.maskedUrl()
                            + "):");
            out.flush();
            VerifyResult result;
            try (Connection s =
                            sourceDialect.connect(source.jdbcUrl(), source.connectionProperties());
                    Connection t = target.connect()) {
                result =
                        new Verifier(
                                        new Side("source", sourceDialect, s),
                                        new Side(target.sinkName(), target.dialect(), t),
                                        settings)
                                .verify(e.getValue());
            }
            out.print(result.format());
            allMatch &= result.allMatch();
        }
        out.println(allMatch ? "Every table matches." : "Some tables differ.");
        out.flush();
        return allMatch ? 0 : NOT_EQUAL;
    }

    /**
     * Waits for the start position; returns how long the comparison may then retry, or empty when
     * the timeout passed first.
     */
    private Optional<Duration> catchUp(MirrorPlan plan, PrintWriter out) {
        try (CatchUp catchUp = CatchUp.of(plan)) {
            if (!catchUp.tracks()) {
                out.println(
                        "Not waiting for a source position: "
                                + catchUp.untracked()
                                + ". Comparing again every second while tables differ, up to "
                                + catchUpTimeout.toSeconds()
                                + " s.");
                out.flush();
                return Optional.of(catchUpTimeout);
            }
            CatchUp.Outcome outcome =
                    catchUp.await(
                            catchUpTimeout,
                            line -> {
                                out.println(line);
                                out.flush();
                            });
            if (!outcome.passed()) {
                return Optional.empty();
            }
            if (catchUp.untracked() != null) {
                out.println(
                        "  Not followed further: "
                                + catchUp.untracked()
                                + "; the comparison retries while tables differ.");
            }
            Duration left = catchUpTimeout.minus(outcome.elapsed());
            return Optional.of(left.compareTo(COMPARE_GRACE) < 0 ? COMPARE_GRACE : left);
        }
    }
}
