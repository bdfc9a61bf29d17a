package dev.tributary.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command: one subcommand class per job. */
@Command(
        name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Moves database changes and event streams into warehouses and lakehouses, exactly once.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            ServicesCommand.class,
            StatusCommand.class,
            VerifyCommand.class,
            dev.tributary.app.demo.DemoCommand.class,
            dev.tributary.app.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TributaryCli implements Runnable {
    /** Exit code of a pipeline file with mistakes. */
    public static final int CONFIG_ERROR = 1;

    /** Exit code of a pipeline or service that failed while running. */
    public static final int RUNTIME_ERROR = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with tributary's exit codes for exceptions. */
    public static CommandLine commandLine() {
        return new CommandLine(new TributaryCli()).setExecutionExceptionHandler(new ErrorHandler());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
