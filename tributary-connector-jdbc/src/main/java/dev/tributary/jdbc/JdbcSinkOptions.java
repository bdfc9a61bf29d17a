package dev.tributary.jdbc;

import dev.tributary.api.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** The options of a {@code type: jdbc} sink block. */
public final class JdbcSinkOptions {
    private JdbcSinkOptions() {}

    public static final ConfigOption<String> URL =
            ConfigOption.string("url")
                    .required()
                    .description(
                            "JDBC URL of the target database, such as jdbc:postgresql://host:5432/db.");

    public static final ConfigOption<String> USER =
            ConfigOption.string("user").description("Database user.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOption.string("password").secret().description("Database password.");

    public static final ConfigOption<Integer> MAX_RETRIES =
            ConfigOption.integer("max-retries")
                    .defaultValue(5)
                    .description(
                            "How often a commit is retried after a passing failure (connection lost,"
                                    + " database restarting) before the checkpoint fails.");

    public static final ConfigOption<Duration> RETRY_BACKOFF =
            ConfigOption.duration("retry-backoff")
                    .defaultValue(Duration.ofMillis(500))
                    .description(
                            "Wait before the first retry; doubles with each retry, at most 30s.");

    public static final ConfigOption<String> COMMIT_TABLE =
            ConfigOption.string("commit-table")
                    .defaultValue("_tributary_commits")
                    .description(
                            "Table that records the last committed batch per pipeline, sink and"
                                    + " subtask; written in the same transaction as the rows.");

    public static final ConfigOption<String> STATUS_TABLE =
            ConfigOption.string("status-table")
                    .defaultValue("_tributary_status")
                    .description(
                            "Table that shows per pipeline, target table and subtask the phase,"
                                    + " rows snapshotted, events applied, last source position and"
                                    + " time, lag and last error; written in the same transaction"
                                    + " as the rows. Read by `tributary status`.");

    public static final ConfigOption<Boolean> CREATE_TABLES =
            ConfigOption.bool("create-tables")
                    .defaultValue(true)
                    .description("Create missing target tables from the event schema.");

    public static final ConfigOption<Boolean> EVOLVE_SCHEMA =
            ConfigOption.bool("evolve-schema")
                    .defaultValue(true)
                    .description("Add columns that events carry and the target table lacks.");

    public static final ConfigOption<Integer> UPSERT_FILLFACTOR =
            ConfigOption.integer("upsert-fillfactor")
                    .defaultValue(80)
                    .description(
                            "Fill factor (10-100) of the tables the sink creates in upsert mode: the"
                                    + " percent of each page that inserts fill, leaving the rest for"
                                    + " updated rows, so that PostgreSQL can update in place (HOT)"
                                    + " without touching the index. 100 packs pages full.");

    /** Pass-through prefix: entries under it are JDBC driver properties. */
    public static final String CONNECTION_PREFIX = "connection.";

    /** Every option, in the order the reference lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    URL,
                    USER,
                    PASSWORD,
                    MAX_RETRIES,
                    RETRY_BACKOFF,
                    COMMIT_TABLE,
                    STATUS_TABLE,
                    CREATE_TABLES,
                    EVOLVE_SCHEMA,
                    UPSERT_FILLFACTOR);
}
