package dev.tributary.app.cli;

import dev.tributary.runtime.config.PipelineDefinition;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks a pipeline file without running anything. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Check a pipeline file without running it; every mistake is listed with its key path.")
public final class ValidateCommand implements Callable<Integer> {
    @Mixin PipelineFileOption pipelineFile;

    @Option(
            names = "--print",
            description = "Also print the effective configuration, secrets masked.")
    boolean print;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PipelineDefinition def = pipelineFile.parse();
        spec.commandLine()
                .getOut()
                .printf(
                        "%s is valid: pipeline '%s', %d source(s), %d table rule(s), %d sink(s)%n",
                        pipelineFile.file,
                        def.settings().name(),
                        def.sources().size(),
                        def.tables().size(),
                        def.sinks().size());
        if (print) {
            spec.commandLine().getOut().println(def.maskedText());
        }
        return 0;
    }
}
