package dev.tributary.app.cli;

import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.app.status.SinkDatabase;
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
                        + " narrow it down to the differing keys. Exit code 0 only when every"
                        + " table matches.")
public final class VerifyCommand implements Callable<Integer> {
    /** Exit code when a table differs. */
    public static final int NOT_EQUAL = 3;

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
                    "While changes still flow: compare again every second while tables differ, up to"
                            + " this long; 0s compares once (default: ${DEFAULT-VALUE}).")
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
        VerifySettings defaults = VerifySettings.defaults();
        VerifySettings settings =
                new VerifySettings(
                        maxDifferences,
                        defaults.leafRows(),
                        defaults.fanout(),
                        catchUpTimeout,
                        defaults.catchUpInterval());
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
}
