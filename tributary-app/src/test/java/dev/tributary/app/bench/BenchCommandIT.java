package dev.tributary.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.app.cli.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandIT {
    @TempDir Path dir;

    @Test
    void smallBenchMatchesTheTargetAndPrintsTheFigures() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit =
                cli.execute(
                        "bench",
                        "--events",
                        "20000",
                        "--keys",
                        "5000",
                        "--paced-rate",
                        "500",
                        "--paced-seconds",
                        "3",
                        "--warmup-events",
                        "2000",
                        "--profile",
                        "--checkpoint-interval",
                        "1s",
                        "--timeout",
                        "3m",
                        "--dir",
                        dir.toString());

        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString())
                .contains("target matched: ")
                .contains("raw COPY baseline, text format (best of 2): ")
                .contains("raw COPY baseline, binary format (best of 2): ")
                .contains("warm-up: 2,000 events applied in ")
                .containsPattern("  this JVM +[\\d.]+ s +[\\d.]+ cores +[\\d.]+ µs/event")
                .containsPattern("  PostgreSQL \\(all processes\\) +[\\d.]+ s")
                .containsPattern(
                        "events 20,000 \\| produce [\\d,]+/s \\| pipeline [\\d,]+ events/s \\(steady [\\d,]+\\)"
                                + " \\| raw COPY [\\d,]+ rows/s \\((text|binary)\\) \\| ratio [\\d.]+ \\| latency p50 [\\d.]+ s p99 [\\d.]+ s"
                                + " \\| peak heap [\\d,]+ MB")
                .contains("methods by self samples, all threads")
                .containsPattern("JIT: [\\d,]+ compilations of 5 ms or more took [\\d,]+ ms")
                .contains("JFR recording: " + dir.resolve("bench.jfr"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench-result.json").toFile());
        assertThat(json.get("targetMatched").asBoolean()).isTrue();
        assertThat(json.get("events").asLong()).isEqualTo(20_000);
        assertThat(json.get("pacedEvents").asLong()).isEqualTo(1_500);
        assertThat(json.get("pipelineEventsPerSecond").asDouble()).isPositive();
        assertThat(json.get("copyRowsPerSecond").asDouble()).isPositive();
        assertThat(json.get("copyFormat").asText()).isIn("text", "binary");
        assertThat(json.get("latencyP99Millis").asDouble()).isPositive();
        assertThat(Files.exists(dir.resolve("bench.jfr"))).isTrue();
        assertThat(dir.resolve("kafka")).doesNotExist();
        assertThat(dir.resolve("postgres")).doesNotExist();
        assertThat(dir.resolve("warmup-state")).doesNotExist();
        assertThat(json.get("cpu").get("jvmCoreSeconds").asDouble()).isPositive();
        assertThat(json.get("cpu").get("postgresCoreSeconds").asDouble()).isPositive();
    }

    @Test
    void envelopeRunMatchesToo() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit =
                cli.execute(
                        "bench",
                        "--events",
                        "5000",
                        "--keys",
                        "1000",
                        "--paced-rate",
                        "200",
                        "--paced-seconds",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--timeout",
                        "3m",
                        "--schema-envelope",
                        "--no-profile",
                        "--warmup-events",
                        "0",
                        "--dir",
                        dir.toString());

        assertThat(exit).as("exit code; output:%n%s", out).isZero();
        assertThat(out.toString())
                .contains("with schema envelope")
                .contains("target matched: ")
                .contains("raw COPY baseline, text format (best of 2): ")
                .contains("raw COPY baseline, binary format (best of 2): ")
                .doesNotContain("warm-up");
    }
}
