package dev.tributary.postgres.cdc;

import dev.tributary.api.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** The options of a {@code type: postgres-cdc} source block. */
public final class PostgresCdcSourceOptions {
    private PostgresCdcSourceOptions() {}

    /** How a first run starts; a run restored from a checkpoint or savepoint goes on from it. */
    public enum StartupMode {
        /** Copy every captured table, then stream changes from the moment the copy began. */
        INITIAL,
        /** No copy: stream the changes committed from now on. */
        NEVER,
        /** Copy every captured table and end: a bounded bulk load. */
        SNAPSHOT_ONLY
    }

    /** Prefix of Debezium connector properties passed through as they are. */
    public static final String DEBEZIUM_PREFIX = "debezium.";

    public static final ConfigOption<String> HOSTNAME =
            ConfigOption.string("hostname")
                    .required()
                    .description("Host name or address of the PostgreSQL server.");

    public static final ConfigOption<Integer> PORT =
            ConfigOption.integer("port")
                    .defaultValue(5432)
                    .description("Port of the PostgreSQL server.");

    public static final ConfigOption<String> DATABASE =
            ConfigOption.string("database")
                    .required()
                    .description("The database whose tables are captured.");

    public static final ConfigOption<String> USER =
            ConfigOption.string("user")
                    .required()
                    .description(
                            "Database user; needs the REPLICATION attribute (or superuser), SELECT"
                                    + " on the captured tables, and CREATE on the database unless the"
                                    + " publication exists.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOption.string("password").secret().description("Database password.");

    public static final ConfigOption<List<String>> TABLES_INCLUDE =
            ConfigOption.stringList("tables.include")
                    .required()
                    .description(
                            "Tables to capture: Java regular expressions matched against the whole"
                                    + " schema.table name, such as public\\.orders or shop\\..*."
                                    + " Ordinary and partitioned tables are matched.");

    public static final ConfigOption<List<String>> TABLES_EXCLUDE =
            ConfigOption.stringList("tables.exclude")
                    .description(
                            "Tables to leave out although tables.include matches them: regular"
                                    + " expressions on schema.table.");

    public static final ConfigOption<String> SLOT_NAME =
            ConfigOption.string("slot-name")
                    .description(
                            "Replication slot to read from; created on the first run. Default:"
                                    + " tributary_<pipeline>_<source>, lower-cased, with every character"
                                    + " other than a-z, 0-9 and _ replaced by _, at most 58 characters.");

    public static final ConfigOption<String> PUBLICATION_NAME =
            ConfigOption.string("publication-name")
                    .description(
                            "Publication the slot decodes with (pgoutput); created FOR TABLE the"
                                    + " captured tables when missing, extended when a captured table is"
                                    + " missing from it. Default: the slot name.");

    public static final ConfigOption<String> STARTUP_MODE =
            ConfigOption.oneOf("startup-mode", StartupMode.class)
                    .defaultValue("initial")
                    .description(
                            "What a first run does: initial copies every captured table and then"
                                    + " streams changes; never skips the copy and streams from"
                                    + " the replication slot's position (a new slot's: its"
                                    + " creation); snapshot-only copies every table and ends.");

    public static final ConfigOption<Integer> SNAPSHOT_CHUNK_SIZE =
            ConfigOption.integer("snapshot.chunk-size")
                    .defaultValue(8096)
                    .description(
                            "Rows per snapshot chunk. Each chunk is read and checkpointed on its own,"
                                    + " so a restarted snapshot resumes after the last finished chunk.");

    public static final ConfigOption<Integer> SNAPSHOT_FETCH_SIZE =
            ConfigOption.integer("snapshot.fetch-size")
                    .defaultValue(1024)
                    .description("Rows fetched per round trip while a chunk is read.");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL =
            ConfigOption.duration("heartbeat-interval")
                    .defaultValue(Duration.ofSeconds(10))
                    .description(
                            "How often the source writes a heartbeat message into the WAL and"
                                    + " confirms its position, so that the slot advances while the"
                                    + " captured tables are idle and retained WAL stays bounded.");

    public static final ConfigOption<List<String>> KEY_COLUMNS =
            ConfigOption.stringList("key-columns")
                    .description(
                            "Keys for tables without a primary key, as schema.table:col1,col2"
                                    + " entries. The columns key the events and split the snapshot into"
                                    + " chunks (by the first column). Such a table also needs REPLICA"
                                    + " IDENTITY FULL so that updates and deletes carry the old row.");

    /** Every option, in the order the reference documentation lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    HOSTNAME,
                    PORT,
                    DATABASE,
                    USER,
                    PASSWORD,
                    TABLES_INCLUDE,
                    TABLES_EXCLUDE,
                    SLOT_NAME,
                    PUBLICATION_NAME,
                    STARTUP_MODE,
                    SNAPSHOT_CHUNK_SIZE,
                    SNAPSHOT_FETCH_SIZE,
                    HEARTBEAT_INTERVAL,
                    KEY_COLUMNS);
}
