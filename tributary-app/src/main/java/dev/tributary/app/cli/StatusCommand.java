package dev.tributary.app.cli;

import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.app.chain.PipelineChain;
import dev.tributary.app.status.SinkDatabase;
import dev.tributary.app.status.SnapshotEstimates;
import dev.tributary.app.status.StatusReader;
import dev.tributary.app.status.StatusView;
import dev.tributary.app.status.TableStatus;
import dev.tributary.jdbc.Secrets;
import dev.tributary.runtime.config.ComponentDefinition;
import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a pipeline's status table (per target table the phase, counts, position and lag, and
 * during a snapshot the rows of the source's estimate), then the state of each source's hold on its
 * database (a replication slot's retained WAL).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show how far a pipeline got, from the status table its jdbc sinks keep in the"
                        + " target: phase, rows snapshotted (of the source's estimate while"
                        + " snapshotting), events applied, errors, lag, last source position and"
                        + " time, last error; then, per postgres-cdc source, its replication slot:"
                        + " active, retained WAL and confirmed-flush lag.")
public final class StatusCommand implements Callable<Integer> {
    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description =
                    "The pipeline file; for a chain through Kafka give both, capture first: -f"
                            + " capture.yaml -f apply.yaml")
    List<Path> files;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PipelineDefinition> defs = new ArrayList<>();
        for (Path f : files) {
            defs.add(new PipelineFileParser().parse(f));
        }
        PipelineChain chain = new PipelineChain(defs);
        Map<SinkDatabase, Map<String, Long>> estimates = estimates(chain, out);
        boolean anySink = false;
        for (int i = 0; i < defs.size(); i++) {
            String pipeline = defs.get(i).settings().name();
            for (SinkDatabase sink : chain.sinks(i)) {
                anySink = true;
                print(out, pipeline, sink, estimates.getOrDefault(sink, Map.of()));
            }
        }
        if (!anySink) {
            out.println(
                    (defs.size() == 1
                                    ? "pipeline " + defs.get(0).settings().name() + " has"
                                    : "none of the pipelines has")
                            + " a jdbc sink, so there is no status table to read.");
        }
        for (PipelineDefinition def : defs) {
            for (ComponentDefinition<SourceFactory> s : def.sources()) {
                Optional<SourceDatabase> db =
                        s.factory().database(def.settings().name(), s.name(), s.options());
                if (db.isPresent()) {
                    out.println(sourceLine(s.name(), db.get()));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void print(
            PrintWriter out, String pipeline, SinkDatabase sink, Map<String, Long> estimates)
            throws SQLException {
        List<TableStatus> rows;
        try (Connection c = sink.connect()) {
            rows = new StatusReader(sink.dialect(), sink.statusTable()).read(c, pipeline);
        }
        out.println(
                "sink "
                        + sink.sinkName()
                        + " ("
                        + sink.maskedUrl()
                        + "), table "
                        + sink.statusTable()
                        + ":");
        if (rows.isEmpty()) {
            out.println("  nothing applied yet by pipeline " + pipeline);
        } else {
            out.print(StatusView.render(rows, estimates, Instant.now()));
        }
    }

    /** The estimates, or none with a note when the source cannot be read: status goes on. */
    private static Map<SinkDatabase, Map<String, Long>> estimates(
            PipelineChain chain, PrintWriter out) {
        try {
            return SnapshotEstimates.of(chain);
        } catch (SQLException e) {
            out.println(
                    "(no snapshot estimates: cannot read the source database: "
                            + e.getMessage()
                            + ")");
            return Map.of();
        }
    }

    /** {@code source shop (url): slot x, active yes, retained WAL 1.2 MiB, ...}. */
    static String sourceLine(String sourceName, SourceDatabase db) {
        Properties props = db.connectionProperties();
        String head =
                "source "
                        + sourceName
                        + " ("
                        + Secrets.mask(db.jdbcUrl(), props.getProperty("password"))
                        + "): ";
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props)) {
            Map<String, String> health = db.health(c);
            if (health.isEmpty()) {
                return head + "nothing to report";
            }
            StringJoiner line = new StringJoiner(", ");
            health.forEach((label, value) -> line.add(label + " " + value));
            return head + line;
        } catch (SQLException e) {
            return head + "cannot read: " + e.getMessage();
        }
    }
}
