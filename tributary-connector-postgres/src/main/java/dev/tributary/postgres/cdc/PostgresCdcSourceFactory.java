package dev.tributary.postgres.cdc;

import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.DATABASE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.DEBEZIUM_PREFIX;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.HEARTBEAT_INTERVAL;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.HOSTNAME;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.KEY_COLUMNS;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.PASSWORD;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.PORT;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.PUBLICATION_NAME;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.SLOT_NAME;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.SNAPSHOT_CHUNK_SIZE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.SNAPSHOT_FETCH_SIZE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.STARTUP_MODE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.TABLES_EXCLUDE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.TABLES_INCLUDE;
import static dev.tributary.postgres.cdc.PostgresCdcSourceOptions.USER;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.TableId;
import dev.tributary.api.flink.EventTypeInfo;
import dev.tributary.api.spi.ProgressProbe;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceDatabase;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.api.spi.SourceStreams;
import dev.tributary.postgres.cdc.PostgresCdcSourceOptions.StartupMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.base.source.utils.hooks.SnapshotPhaseHooks;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfigFactory;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffsetFactory;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres-cdc} source: copies the captured tables with Flink CDC's incremental snapshot
 * (lock-free, chunk by chunk, resumable) and then streams their changes from a replication slot
 * with pgoutput. Checks the server, the user and the tables before the job starts, and sets up the
 * publication.
 */
public final class PostgresCdcSourceFactory implements SourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSourceFactory.class);

    /** Actions Flink CDC runs around each snapshot chunk's watermarks; tests race writes there. */
    private final SnapshotPhaseHooks snapshotHooks;

    /** The factory {@code ServiceLoader} finds. */
    public PostgresCdcSourceFactory() {
        this(SnapshotPhaseHooks.empty());
    }

    PostgresCdcSourceFactory(SnapshotPhaseHooks snapshotHooks) {
        this.snapshotHooks = snapshotHooks;
    }

    /** Prefix of the WAL messages the heartbeat writes; Debezium is told to skip them. */
    static final String HEARTBEAT_PREFIX = "tributary-heartbeat";

    /** Debezium settings tributary sets itself, with the option to use instead (if any). */
    /**
     * Refused as a pass-through: the source's slot must outlive a stop. (Flink CDC sets it on the
     * temporary slot of each snapshot chunk's back-fill; the launcher's log configuration quiets
     * Debezium's warning about it for that reason.)
     */
    private static final String SLOT_DROP_ON_STOP = "slot.drop.on.stop";

    private static final Map<String, String> OWN_SETTINGS =
            Map.ofEntries(
                    Map.entry("database.hostname", HOSTNAME.key()),
                    Map.entry("database.port", PORT.key()),
                    Map.entry("database.dbname", DATABASE.key()),
                    Map.entry("database.user", USER.key()),
                    Map.entry("database.password", PASSWORD.key()),
                    Map.entry("slot.name", SLOT_NAME.key()),
                    Map.entry("publication.name", PUBLICATION_NAME.key()),
                    Map.entry("publication.autocreate.mode", PUBLICATION_NAME.key()),
                    Map.entry("plugin.name", "(always pgoutput)"),
                    Map.entry("table.include.list", TABLES_INCLUDE.key()),
                    Map.entry("table.exclude.list", TABLES_EXCLUDE.key()),
                    Map.entry("schema.include.list", TABLES_INCLUDE.key()),
                    Map.entry("schema.exclude.list", TABLES_EXCLUDE.key()),
                    Map.entry("snapshot.mode", STARTUP_MODE.key()),
                    Map.entry("message.key.columns", KEY_COLUMNS.key()),
                    Map.entry("heartbeat.interval.ms", HEARTBEAT_INTERVAL.key()));

    @Override
    public String identifier() {
        return "postgres-cdc";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return PostgresCdcSourceOptions.ALL;
    }

    @Override
    public List<String> passThroughPrefixes() {
        return List.of(DEBEZIUM_PREFIX);
    }

    @Override
    public void validate(Options options) {
        patterns(options, TABLES_INCLUDE);
        patterns(options, TABLES_EXCLUDE);
        if (options.list(TABLES_INCLUDE).isEmpty()) {
            throw new ConfigException(
                    options.pathOf(TABLES_INCLUDE) + " needs at least one pattern");
        }
        KeyColumns.parse(options.list(KEY_COLUMNS), options.pathOf(KEY_COLUMNS));
        if (options.get(SLOT_NAME) != null) {
            SlotNames.check(options.get(SLOT_NAME), options.pathOf(SLOT_NAME));
        }
        String publication = options.get(PUBLICATION_NAME);
        if (publication != null && publication.isBlank()) {
            throw new ConfigException(options.pathOf(PUBLICATION_NAME) + " must not be blank");
        }
        int port = options.get(PORT);
        if (port < 1 || port > 65535) {
            throw new ConfigException(
                    options.pathOf(PORT) + " must be a TCP port (1-65535), not " + port);
        }
        positive(options, SNAPSHOT_CHUNK_SIZE);
        positive(options, SNAPSHOT_FETCH_SIZE);
        if (options.get(HEARTBEAT_INTERVAL).toMillis() < 1) {
            throw new ConfigException(options.pathOf(HEARTBEAT_INTERVAL) + " must be at least 1ms");
        }
        for (String key : options.withPrefix(DEBEZIUM_PREFIX).keySet()) {
            if (key.equals(SLOT_DROP_ON_STOP)) {
                throw new ConfigException(
                        options.path()
                                + "."
                                + DEBEZIUM_PREFIX
                                + key
                                + " is not allowed: the replication slot holds the position a"
                                + " restart resumes from; a dropped slot loses the changes made"
                                + " while the pipeline was stopped");
            }
            String own = OWN_SETTINGS.get(key);
            if (own != null) {
                throw new ConfigException(
                        options.path()
                                + "."
                                + DEBEZIUM_PREFIX
                                + key
                                + " is not allowed; tributary sets it from "
                                + options.path()
                                + "."
                                + own);
            }
        }
    }

    private static void positive(Options options, ConfigOption<Integer> option) {
        if (options.get(option) < 1) {
            throw new ConfigException(
                    options.pathOf(option) + " must be at least 1, not " + options.get(option));
        }
    }

    private static List<Pattern> patterns(Options options, ConfigOption<List<String>> option) {
        List<Pattern> patterns = new ArrayList<>();
        for (String p : options.list(option)) {
            try {
                patterns.add(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        options.pathOf(option)
                                + ": '"
                                + p
                                + "' is not a valid regular expression: "
                                + e.getDescription());
            }
        }
        return patterns;
    }

    @Override
    public SourceStreams create(SourceContext context) {
        Options options = context.options();
        String name = context.sourceName();
        String slot = slotName(options, context.pipelineName(), name);
        String publication =
                options.get(PUBLICATION_NAME) != null ? options.get(PUBLICATION_NAME) : slot;
        StartupMode mode = startupMode(options);
        KeyColumns keyColumns =
                KeyColumns.parse(options.list(KEY_COLUMNS), options.pathOf(KEY_COLUMNS));
        CapturedTables captured = preflight(options, keyColumns, publication, slot, mode);

        PostgresSourceBuilder<Object> builder =
                PostgresIncrementalSource.<Object>builder()
                        .hostname(options.get(HOSTNAME))
                        .port(options.get(PORT))
                        .database(options.get(DATABASE))
                        .username(options.get(USER))
                        .password(options.get(PASSWORD) == null ? "" : options.get(PASSWORD))
                        .tableList(tableRegexes(captured.tables()))
                        .slotName(slot)
                        .decodingPluginName("pgoutput")
                        .splitSize(options.get(SNAPSHOT_CHUNK_SIZE))
                        .fetchSize(options.get(SNAPSHOT_FETCH_SIZE))
                        .heartbeatInterval(options.get(HEARTBEAT_INTERVAL))
                        .startupOptions(startup(mode))
                        .scanNewlyAddedTableEnabled(true)
                        .includePartitionedTables(captured.anyPartitioned())
                        .debeziumProperties(
                                debeziumProperties(options, publication, keyColumns, mode));
        PostgresSourceConfigFactory config = builder.getConfigFactory();
        PostgresIncrementalSource<Object> source =
                new PostgresIncrementalSource<>(
                        config,
                        new ChangeEventDeserializer(name, slot),
                        new PostgresOffsetFactory(),
                        new KeyedPostgresDialect(config.create(0), keyColumns.chunkColumns()));
        source.setSnapshotHooks(snapshotHooks);
        LOG.info(
                "postgres-cdc source '{}': {}:{}/{} as {}, password={}, tables={}, slot={},"
                        + " publication={}, startup-mode={}, chunk-size={}, fetch-size={},"
                        + " heartbeat-interval={}, key-columns={}, debezium={}",
                name,
                options.get(HOSTNAME),
                options.get(PORT),
                options.get(DATABASE),
                options.get(USER),
                options.get(PASSWORD) == null ? "(none)" : "****",
                captured.tables(),
                slot,
                publication,
                options.get(STARTUP_MODE),
                options.get(SNAPSHOT_CHUNK_SIZE),
                options.get(SNAPSHOT_FETCH_SIZE),
                options.get(HEARTBEAT_INTERVAL),
                options.list(KEY_COLUMNS),
                masked(options.withPrefix(DEBEZIUM_PREFIX)));

        SingleOutputStreamOperator<ChangeEvent> events =
                context.environment()
                        .fromSource(
                                source,
                                WatermarkStrategy.noWatermarks(),
                                "postgres-cdc:" + name,
                                DecodedRecordSerializer.TYPE)
                        .uid("postgres-cdc-source:" + name)
                        .process(new ErrorSplitter(), EventTypeInfo.CHANGE_EVENT)
                        .name("split-errors:" + name)
                        .uid("postgres-cdc-split:" + name);
        return new SourceStreams(events, events.getSideOutput(ErrorSplitter.ERRORS));
    }

    private static StartupOptions startup(StartupMode mode) {
        switch (mode) {
            case INITIAL:
                return StartupOptions.initial();
            case NEVER:
                // From the slot's confirmed position, not the WAL position when the job starts:
                // the slot is created first, and a change committed between its creation and a
                // later reading of the position would be in neither the snapshot (there is none)
                // nor the stream. For a slot the source creates, that position is its creation.
                return StartupOptions.committed();
            case SNAPSHOT_ONLY:
                return StartupOptions.snapshot();
            default:
                throw new IllegalStateException("unknown startup mode " + mode);
        }
    }

    /**
     * The captured database, for {@code tributary verify}, {@code status} and {@code run}: row
     * estimates for the snapshot (none with {@code startup-mode: never}) and the replication slot's
     * state.
     */
    @Override
    public Optional<SourceDatabase> database(
            String pipelineName, String sourceName, Options options) {
        List<Pattern> include = patterns(options, TABLES_INCLUDE);
        List<Pattern> exclude = patterns(options, TABLES_EXCLUDE);
        String url = jdbcUrl(options);
        Properties props = connectionProperties(options);
        String slot = slotName(options, pipelineName, sourceName);
        boolean snapshots = startupMode(options) != StartupMode.NEVER;
        return Optional.of(
                new SourceDatabase() {
                    @Override
                    public String jdbcUrl() {
                        return url;
                    }

                    @Override
                    public Properties connectionProperties() {
                        Properties copy = new Properties();
                        copy.putAll(props);
                        return copy;
                    }

                    @Override
                    public boolean captures(TableId table) {
                        return CapturedTables.matches(include, table.text())
                                && !CapturedTables.matches(exclude, table.text());
                    }

                    @Override
                    public Map<TableId, Long> estimateRows(
                            Connection connection, List<TableId> tables) throws SQLException {
                        return snapshots
                                ? RowEstimates.of(connection, tables, RowEstimates.COUNT_LIMIT)
                                : Map.of();
                    }

                    @Override
                    public Map<String, String> health(Connection connection) throws SQLException {
                        return SlotReport.of(connection, slot);
                    }
                });
    }

    /**
     * Follows the source's replication slot against the server's WAL position; the whole log, so
     * {@code tables} is not needed.
     */
    @Override
    public Optional<ProgressProbe> progressProbe(
            String pipelineName, String sourceName, Options options, List<TableId> tables) {
        return Optional.of(
                new SlotProgress(
                        jdbcUrl(options),
                        connectionProperties(options),
                        slotName(options, pipelineName, sourceName)));
    }

    /** The configured slot name, or the one derived from the pipeline and source names. */
    private static String slotName(Options options, String pipelineName, String sourceName) {
        return options.get(SLOT_NAME) != null
                ? options.get(SLOT_NAME)
                : SlotNames.derive(pipelineName, sourceName);
    }

    private static StartupMode startupMode(Options options) {
        return StartupMode.valueOf(
                options.get(STARTUP_MODE).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static String jdbcUrl(Options options) {
        return "jdbc:postgresql://"
                + options.get(HOSTNAME)
                + ":"
                + options.get(PORT)
                + "/"
                + options.get(DATABASE);
    }

    private static Properties connectionProperties(Options options) {
        Properties props = new Properties();
        props.setProperty("user", options.get(USER));
        if (options.get(PASSWORD) != null) {
            props.setProperty("password", options.get(PASSWORD));
        }
        props.setProperty("connectTimeout", "30");
        return props;
    }

    /**
     * With {@code startup-mode: never} the stream starts at the slot's position. PostgreSQL decodes
     * each change with the publication as it was when the change was written, so a slot that exists
     * before its publication holds changes it cannot decode: the job would fail on the first of
     * them. Stops before anything runs (and before the publication is created), saying what to do.
     */
    private static void refuseSlotOlderThanPublication(
            Connection connection, Options options, String slot, String publication)
            throws SQLException {
        if (!PublicationSetup.exists(connection, publication)
                && SlotLag.of(connection, slot).isPresent()) {
            throw new ConfigException(
                    options.pathOf(SLOT_NAME)
                            + ": the replication slot '"
                            + slot
                            + "' exists but the publication '"
                            + publication
                            + "' does not. With startup-mode never the source streams from the"
                            + " slot's position, and PostgreSQL cannot decode the changes the slot"
                            + " kept from before the publication existed. Drop the slot (SELECT"
                            + " pg_drop_replication_slot('"
                            + slot
                            + "')) to stream the changes from the start of the next run on, or"
                            + " create the publication first and the slot after it");
        }
    }

    private static CapturedTables preflight(
            Options options,
            KeyColumns keyColumns,
            String publication,
            String slot,
            StartupMode mode) {
        String url = jdbcUrl(options);
        Properties props = connectionProperties(options);
        props.setProperty("ApplicationName", "tributary-preflight");
        try (Connection connection = DriverManager.getConnection(url, props)) {
            ServerChecks.walLevel(connection);
            ServerChecks.replication(connection, options.pathOf(USER));
            CapturedTables captured =
                    CapturedTables.resolve(
                            connection,
                            patterns(options, TABLES_INCLUDE),
                            patterns(options, TABLES_EXCLUDE),
                            keyColumns,
                            new CapturedTables.Keys(
                                    options.pathOf(TABLES_INCLUDE),
                                    options.pathOf(TABLES_EXCLUDE),
                                    options.pathOf(KEY_COLUMNS)));
            if (mode == StartupMode.NEVER) {
                refuseSlotOlderThanPublication(connection, options, slot, publication);
            }
            PublicationSetup.ensure(
                    connection, publication, captured, options.pathOf(PUBLICATION_NAME));
            return captured;
        } catch (SQLException e) {
            throw new ConfigException(
                    options.path()
                            + ": cannot check PostgreSQL at "
                            + url
                            + " as "
                            + options.get(USER)
                            + ": "
                            + e.getMessage()
                            + " (SQL state "
                            + e.getSQLState()
                            + "); check "
                            + options.pathOf(HOSTNAME)
                            + ", "
                            + options.pathOf(PORT)
                            + ", "
                            + options.pathOf(DATABASE)
                            + ", "
                            + options.pathOf(USER)
                            + " and "
                            + options.pathOf(PASSWORD));
        }
    }

    private static String[] tableRegexes(List<TableId> tables) {
        String[] regexes = new String[tables.size()];
        for (int i = 0; i < regexes.length; i++) {
            regexes[i] = Identifiers.literalRegex(tables.get(i));
        }
        return regexes;
    }

    static Properties debeziumProperties(
            Options options, String publication, KeyColumns keyColumns, StartupMode mode) {
        Properties p = new Properties();
        p.setProperty("publication.name", publication);
        // Flink CDC's 'filtered' mode fails; the publication is set up before the job starts.
        p.setProperty("publication.autocreate.mode", "disabled");
        // Source type, length and scale in each field's schema: exact types, and schemas that
        // follow ALTER TABLE at runtime.
        p.setProperty("column.propagate.source.type", ".*");
        p.setProperty("decimal.handling.mode", "precise");
        // money as an exact decimal: the snapshot reads it exactly (ExactReadConnection), and
        // Debezium's own converter would cut such an amount to a whole one.
        p.setProperty("converters", ExactMoneyConverter.NAME);
        p.setProperty(ExactMoneyConverter.NAME + ".type", ExactMoneyConverter.class.getName());
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("interval.handling.mode", "string");
        // Columns of types Debezium does not know come as bytes instead of disappearing.
        p.setProperty("include.unknown.datatypes", "true");
        p.setProperty("tombstones.on.delete", "false");
        if (!keyColumns.isEmpty()) {
            p.setProperty("message.key.columns", keyColumns.debeziumProperty());
        }
        if (mode != StartupMode.SNAPSHOT_ONLY) {
            // A non-transactional WAL message per heartbeat: Debezium confirms its position on it,
            // so the slot advances while the captured tables are idle, and drops the message.
            p.setProperty(
                    "heartbeat.action.query",
                    "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', '')");
            p.setProperty("message.prefix.exclude.list", HEARTBEAT_PREFIX);
        }
        p.putAll(options.withPrefix(DEBEZIUM_PREFIX));
        return p;
    }

    /** Debezium properties for the log, with anything that looks like a secret masked. */
    static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach(
                (k, v) -> {
                    String key = k.toLowerCase(Locale.ROOT);
                    boolean secret =
                            key.contains("password")
                                    || key.contains("secret")
                                    || key.contains("token")
                                    || key.endsWith(".key");
                    shown.put(k, secret ? "****" : v);
                });
        return shown;
    }
}
