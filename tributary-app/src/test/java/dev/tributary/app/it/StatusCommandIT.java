package dev.tributary.app.it;

import static dev.tributary.app.it.Debezium.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.app.cli.TributaryCli;
import dev.tributary.runtime.compose.RunningPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A table feeding a mirror and a history through {@code continue: true}, and {@code tributary
 * status} showing per table what the pipeline applied, read from the status table in the target.
 */
class StatusCommandIT extends WithServices {

    @Test
    void statusShowsWhatEachTableApplied() throws Exception {
        String db = services.newDatabase("status");
        String tables =
                String.join(
                        "\n",
                        "  - match: 'shop\\.public\\.(orders)'",
                        "    target: 'public.$1_history'",
                        "    mode: append",
                        "    continue: true",
                        "  - match: 'shop\\.public\\.(.*)'",
                        "    target: 'public.$1'");
        String topic = "shop.public.orders";
        services.kafka.createTopic(topic, 1);
        String yaml =
                Pipelines.kafkaToJdbc(
                        "status",
                        dir.resolve("state-status"),
                        services,
                        db,
                        "shop\\.public\\..*",
                        tables);
        Path file = dir.resolve("status.yaml");
        Files.writeString(file, yaml);
        RunningPipeline pipeline = Pipelines.start(yaml, dir);
        try {
            Debezium orders =
                    new Debezium(topic, "id").field("id", "int64").field("item", "string");
            long ts = 1_700_000_000_000L;
            services.send(topic, orders.key(1L), orders.value("r", null, order(1, "tea"), ts));
            services.send(topic, orders.key(2L), orders.value("r", null, order(2, "jam"), ts));
            services.send(topic, orders.key(3L), orders.value("c", null, order(3, "oat"), ts + 1));
            services.send(
                    topic,
                    orders.key(1L),
                    orders.value("u", order(1, "tea"), order(1, "green tea"), ts + 2));
            services.send(topic, orders.key(2L), orders.value("d", order(2, "jam"), null, ts + 3));
            services.send(topic, orders.key(2L), null);
            services.send(topic, "{\"id\": 9}", "{ this is not json");
            services.flush();

            await("mirror, history and error applied")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    services.rows(db, "SELECT id, item FROM orders ORDER BY id")
                                                    .equals(
                                                            List.of(
                                                                    List.of("1", "green tea"),
                                                                    List.of("3", "oat")))
                                            && services.count(
                                                            db,
                                                            "SELECT count(*) FROM orders_history")
                                                    == 5
                                            && services.count(
                                                            db,
                                                            "SELECT count(*) FROM _tributary_errors")
                                                    == 1);
        } finally {
            pipeline.stop(Duration.ofSeconds(30));
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("status", "-f", file.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0))
                .startsWith("sink warehouse (")
                .endsWith("), table _tributary_status:");
        assertThat(lines.get(1))
                .startsWith("pipeline  table")
                .contains("phase", "snapshot rows", "events", "errors", "lag", "position");
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l).matches("status +_tributary_errors +errors +0 +1 +1 .*"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "status +public\\.orders +streaming +2 +5 +0 +\\d+ ms"
                                                        + " +2023-11-14 22:13:20Z +shop\\.public\\.orders-0@4 .*"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "status +public\\.orders_history +streaming +2 +5 +0 .*"));
    }

    private static java.util.Map<String, Object> order(long id, String item) {
        return row("id", id, "item", item);
    }
}
