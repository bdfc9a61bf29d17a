package dev.tributary.app.cli;

import dev.tributary.runtime.config.PipelineDefinition;
import dev.tributary.runtime.config.PipelineFileParser;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f pipeline.yaml} option shared by the commands that read a pipeline file. */
final class PipelineFileOption {
    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The pipeline file.")
    Path file;

    PipelineDefinition parse() {
        return new PipelineFileParser().parse(file);
    }
}
