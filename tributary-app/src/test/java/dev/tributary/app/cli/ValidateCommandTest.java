package dev.tributary.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tributary validate} with the real connectors: output, errors and exit codes. */
class ValidateCommandTest {
    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theShippedExampleIsValid() {
        int code =
                run(
                        "validate",
                        "-f",
                        Path.of("..", "examples", "kafka-to-postgres.yaml").toString(),
                        "--print");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains(
                        "is valid: pipeline 'shop-to-warehouse', 1 source(s), 2 table rule(s), 1 sink(s)");
    }

    @Test
    void mistakesAreListedWithTheirKeyPathAndExitCodeOne() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "pipeline: { name: p, checkpoint-interval: soon }",
                        "sources:",
                        "  - name: shop",
                        "    type: kafka",
                        "    topics: [ a ]",
                        "    format: avro",
                        "tables:",
                        "  - { match: 'a(', target: t }",
                        "sinks:",
                        "  - name: w",
                        "    type: jdbc",
                        "    url: jdbc:postgresql://h/db",
                        "    pasword: x",
                        ""));
        int code = run("validate", "-f", file.toString());
        assertThat(code).isEqualTo(TributaryCli.CONFIG_ERROR);
        assertThat(err.toString())
                .contains(
                        "pipeline.checkpoint-interval: 'soon' is not a duration such as 500ms, 2s, 5m or 1h")
                .contains("sources[0].bootstrap-servers: required key is missing")
                .contains("sources[0].format: 'avro' is not one of debezium-json, json")
                .contains("tables[0].match: 'a(' is not a valid regular expression")
                .contains("sinks[0].pasword: unknown key. Allowed keys:");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownConnectorTypeNamesTheKnownOnes() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "pipeline: { name: p }",
                        "sources: [ { name: s, type: kafka, bootstrap-servers: 'h:9092', topics: [a] } ]",
                        "tables: [ { match: 'a', target: t } ]",
                        "sinks: [ { name: w, type: mysql } ]",
                        ""));
        assertThat(run("validate", "-f", file.toString())).isEqualTo(TributaryCli.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("sinks[0].type: unknown sink type 'mysql'. Known: jdbc");
    }

    @Test
    void missingFileIsAConfigError() {
        assertThat(run("validate", "-f", dir.resolve("nope.yaml").toString()))
                .isEqualTo(TributaryCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("cannot read the pipeline file");
    }
}
