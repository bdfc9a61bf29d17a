package dev.tributary.app.cli;

import dev.tributary.api.error.Causes;
import dev.tributary.api.error.ConfigException;
import picocli.CommandLine;

/**
 * Prints failures as a message a user can act on instead of a stack trace: configuration mistakes
 * exit with {@link TributaryCli#CONFIG_ERROR}, anything else with {@link
 * TributaryCli#RUNTIME_ERROR}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cmd.getErr().println(e.getMessage());
            return TributaryCli.CONFIG_ERROR;
        }
        cmd.getErr()
                .println("tributary " + cmd.getCommandName() + " failed: " + Causes.describe(e));
        return TributaryCli.RUNTIME_ERROR;
    }
}
