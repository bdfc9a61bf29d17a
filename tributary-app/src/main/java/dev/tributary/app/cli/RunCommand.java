package dev.tributary.app.cli;

import dev.tributary.app.status.ActivityPrinter;
import dev.tributary.app.status.ProgressPrinter;
import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineDefinition;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a pipeline in this JVM until it is stopped; Ctrl-C stops it with a savepoint. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run a pipeline. It resumes from the newest checkpoint in its state-dir; Ctrl-C stops it"
                        + " with a savepoint.")
public final class RunCommand implements Callable<Integer> {
    /** How often the snapshot progress bars are printed. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

    /** How often what the pipeline applied is printed, when it changed. */
    private static final Duration ACTIVITY_INTERVAL = Duration.ofSeconds(10);

    @Mixin PipelineFileOption pipelineFile;

    @Option(
            names = "--no-progress",
            description =
                    "Do not print progress: the snapshot progress bars (every 2 s while a"
                            + " postgres-cdc source snapshots into a jdbc sink) and what each jdbc"
                            + " sink applied (every 10 s, when it changed).")
    boolean noProgress;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PipelineDefinition def = pipelineFile.parse();
        RunningPipeline pipeline = new PipelineRunner().start(def);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook =
                new Thread(
                        () -> {
                            stopping.set(true);
                            spec.commandLine()
                                    .getErr()
                                    .println(
                                            "stopping pipeline "
                                                    + def.settings().name()
                                                    + " with a savepoint...");
                            pipeline.stop(Duration.ofSeconds(60));
                        },
                        "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine()
                .getOut()
                .printf(
                        "pipeline %s is running (state in %s); Ctrl-C stops it%n",
                        def.settings().name(), def.settings().stateDir());
        ProgressPrinter progress =
                noProgress
                        ? null
                        : ProgressPrinter.start(
                                def, spec.commandLine().getOut(), PROGRESS_INTERVAL);
        ActivityPrinter activity =
                noProgress
                        ? null
                        : ActivityPrinter.start(
                                def, spec.commandLine().getOut(), ACTIVITY_INTERVAL);
        try {
            pipeline.awaitTermination();
        } catch (Exception e) {
            if (stopping.get()) {
                return 0;
            }
            // The job is gone: there is nothing left to stop when the JVM exits.
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        } finally {
            if (progress != null) {
                progress.close();
            }
            if (activity != null) {
                activity.close();
            }
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }
}
