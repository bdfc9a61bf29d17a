package dev.tributary.app.it;

import dev.tributary.app.cli.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the tributary CLI in this JVM, as a test would type it. */
final class Cli {
    private Cli() {}

    /**
     * Runs {@code args} and appends what the command printed to {@code out}: standard output first,
     * then standard error.
     *
     * @return the exit code
     */
    static int run(StringWriter out, String... args) {
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        out.append(err.toString());
        return code;
    }
}
