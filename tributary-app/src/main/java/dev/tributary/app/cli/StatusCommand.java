package dev.tributary.app.cli;

import dev.tributary.app.status.SinkDatabase;
import dev.tributary.app.status.StatusReader;
import dev.tributary.app.status.StatusView;
import dev.tributary.app.status.TableStatus;
import dev.tributary.runtime.config.PipelineDefinition;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a pipeline's status table: per target table the phase, counts, position and lag. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show how far a pipeline got, from the status table its jdbc sinks keep in the"
                        + " target: phase, rows snapshotted, events applied, errors, lag, last"
                        + " source position and time, last error.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin PipelineFileOption pipelineFile;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PipelineDefinition def = pipelineFile.parse();
        PrintWriter out = spec.commandLine().getOut();
        List<SinkDatabase> sinks = SinkDatabase.of(def.sinks());
        if (sinks.isEmpty()) {
            out.println(
                    "pipeline "
                            + def.settings().name()
                            + " has no jdbc sink, so there is no status table to read.");
            return 0;
        }
        for (SinkDatabase sink : sinks) {
            List<TableStatus> rows;
            try (Connection c = sink.connect()) {
                rows =
                        new StatusReader(sink.dialect(), sink.statusTable())
                                .read(c, def.settings().name());
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
                out.println("  nothing applied yet by pipeline " + def.settings().name());
            } else {
                out.print(StatusView.render(rows, Map.of(), Instant.now()));
            }
        }
        out.flush();
        return 0;
    }
}
