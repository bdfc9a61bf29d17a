package dev.tributary.app.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The pipeline under test, as a user would write it: the {@code kafka} source reading both bench
 * topics from the earliest offset, one upsert rule declaring the orders columns, the {@code jdbc}
 * sink into the embedded PostgreSQL.
 */
final class BenchPipeline {
    static final String NAME = "bench";
    static final String ERROR_TABLE = "public.bench_errors";

    private BenchPipeline() {}

    static String yaml(
            String name,
            String bootstrapServers,
            String jdbcUrl,
            String user,
            String password,
            Path stateDir,
            Duration checkpointInterval,
            int parallelism,
            String... topics) {
        return String.join(
                "\n",
                "pipeline:",
                "  name: " + name,
                "  checkpoint-interval: " + checkpointInterval.toMillis() + "ms",
                "  state-dir: '" + stateDir.toAbsolutePath().toString().replace("'", "''") + "'",
                "  restart-attempts: 1",
                // The topics are keyed by id, so each key's changes stay in one source subtask.
                "  parallelism: " + parallelism,
                "  partition-by-key: false",
                "sources:",
                "  - name: bench-kafka",
                "    type: kafka",
                "    bootstrap-servers: '" + bootstrapServers + "'",
                "    topics: [ " + String.join(", ", topics) + " ]",
                "    format: debezium-json",
                "    starting-offsets: earliest",
                "tables:",
                "  - match: 'bench\\.public\\.(orders|paced|warmup)'",
                "    target: 'public.$1'",
                "    mode: upsert",
                "    key: [ id ]",
                "    columns:",
                "      - { name: id, type: int64 }",
                "      - { name: customer_id, type: int64 }",
                "      - { name: status, type: string }",
                "      - { name: amount, type: 'decimal(12,2)' }",
                "      - { name: quantity, type: int32 }",
                "      - { name: priority, type: int16 }",
                "      - { name: paid, type: boolean }",
                "      - { name: note, type: string }",
                "      - { name: created_at, type: 'timestamp(6)' }",
                "      - { name: updated_at, type: timestamptz }",
                "sinks:",
                "  - name: warehouse",
                "    type: jdbc",
                "    url: '" + jdbcUrl + "'",
                "    user: '" + user + "'",
                "    password: '" + password.replace("'", "''") + "'",
                "errors:",
                "  table: " + ERROR_TABLE,
                "");
    }
}
