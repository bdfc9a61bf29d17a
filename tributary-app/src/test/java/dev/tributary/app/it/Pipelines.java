package dev.tributary.app.it;

import dev.tributary.runtime.compose.PipelineRunner;
import dev.tributary.runtime.compose.RunningPipeline;
import dev.tributary.runtime.config.PipelineFileParser;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes pipeline files for tests and starts them in this JVM. */
final class Pipelines {
    private Pipelines() {}

    /**
     * A kafka → jdbc pipeline file; {@code tables} is the YAML list under {@code tables:}, indented
     * by two spaces.
     */
    static String kafkaToJdbc(
            String name,
            Path stateDir,
            Services s,
            String database,
            String topicPattern,
            String tables) {
        return String.join(
                "\n",
                "pipeline: { name: "
                        + name
                        + ", checkpoint-interval: 500ms, state-dir: '"
                        + stateDir
                        + "',"
                        + " restart-attempts: 3, restart-delay: 1s }",
                "sources:",
                "  - name: shop",
                "    type: kafka",
                "    bootstrap-servers: " + s.kafka.bootstrapServers(),
                "    topic-pattern: '" + topicPattern + "'",
                "    format: debezium-json",
                "tables:",
                tables,
                jdbcSink(s, database),
                "errors: { sink: warehouse, table: _tributary_errors }",
                "");
    }

    /**
     * A postgres-cdc → jdbc pipeline file: source and target databases on the embedded PostgreSQL,
     * checkpoints every second, its own replication slot; {@code tables} as in {@link
     * #kafkaToJdbc}.
     */
    static String postgresCdcToJdbc(
            String name,
            Path stateDir,
            Services s,
            String sourceDatabase,
            String slot,
            int chunkSize,
            String include,
            String targetDatabase,
            String tables) {
        return String.join(
                "\n",
                "pipeline: { name: "
                        + name
                        + ", checkpoint-interval: 1s, state-dir: '"
                        + stateDir
                        + "',"
                        + " restart-attempts: 5, restart-delay: 1s }",
                "sources:",
                "  - name: shop",
                "    type: postgres-cdc",
                "    hostname: 127.0.0.1",
                "    port: " + s.postgres.port(),
                "    database: " + sourceDatabase,
                "    user: " + s.postgres.user(),
                "    password: '" + s.postgres.password() + "'",
                "    tables.include: [ '" + include + "' ]",
                "    slot-name: " + slot,
                "    snapshot.chunk-size: " + chunkSize,
                "    heartbeat-interval: 1s",
                "tables:",
                tables,
                jdbcSink(s, targetDatabase),
                "errors: { sink: warehouse, table: _tributary_errors }",
                "");
    }

    /** The {@code sinks:} block of one jdbc sink named {@code warehouse} into {@code database}. */
    static String jdbcSink(Services s, String database) {
        return String.join(
                "\n",
                "sinks:",
                "  - name: warehouse",
                "    type: jdbc",
                "    url: " + s.postgres.jdbcUrl(database),
                "    user: " + s.postgres.user(),
                "    password: '" + s.postgres.password() + "'");
    }

    static RunningPipeline start(String yaml, Path dir) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return new PipelineRunner().start(new PipelineFileParser().parse(file));
    }
}
