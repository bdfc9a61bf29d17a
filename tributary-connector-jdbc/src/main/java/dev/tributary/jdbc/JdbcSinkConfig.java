package dev.tributary.jdbc;

import dev.tributary.api.config.Options;
import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkContext;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/** The parsed settings of one jdbc sink, shipped with the job. Immutable. */
public final class JdbcSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final String sinkName;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> connectionProperties;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final TableId commitTable;
    private final TableId statusTable;
    private final boolean createTables;
    private final boolean evolveSchema;
    private final int upsertFillfactor;
    private final TableId errorTable;

    public JdbcSinkConfig(
            String pipeline,
            String sinkName,
            String url,
            String user,
            String password,
            Map<String, String> connectionProperties,
            int maxRetries,
            Duration retryBackoff,
            TableId commitTable,
            TableId statusTable,
            boolean createTables,
            boolean evolveSchema,
            int upsertFillfactor,
            TableId errorTable) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.sinkName = Objects.requireNonNull(sinkName, "sinkName");
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
        this.connectionProperties =
                Collections.unmodifiableMap(new LinkedHashMap<>(connectionProperties));
        this.maxRetries = maxRetries;
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.commitTable = Objects.requireNonNull(commitTable, "commitTable");
        this.statusTable = Objects.requireNonNull(statusTable, "statusTable");
        this.createTables = createTables;
        this.evolveSchema = evolveSchema;
        this.upsertFillfactor = upsertFillfactor;
        this.errorTable = Objects.requireNonNull(errorTable, "errorTable");
    }

    /** Reads the sink's validated options. */
    public static JdbcSinkConfig from(SinkContext context) {
        Options o = context.options();
        return new JdbcSinkConfig(
                context.pipelineName(),
                context.sinkName(),
                o.get(JdbcSinkOptions.URL),
                o.get(JdbcSinkOptions.USER),
                o.get(JdbcSinkOptions.PASSWORD),
                o.withPrefix(JdbcSinkOptions.CONNECTION_PREFIX),
                o.get(JdbcSinkOptions.MAX_RETRIES),
                o.get(JdbcSinkOptions.RETRY_BACKOFF),
                TableId.parse(o.get(JdbcSinkOptions.COMMIT_TABLE)),
                TableId.parse(o.get(JdbcSinkOptions.STATUS_TABLE)),
                o.get(JdbcSinkOptions.CREATE_TABLES),
                o.get(JdbcSinkOptions.EVOLVE_SCHEMA),
                o.get(JdbcSinkOptions.UPSERT_FILLFACTOR),
                context.errorTable());
    }

    public String pipeline() {
        return pipeline;
    }

    public String sinkName() {
        return sinkName;
    }

    /** The JDBC URL as configured; use {@link #maskedUrl()} in messages. */
    public String url() {
        return url;
    }

    public String maskedUrl() {
        return Secrets.mask(url, password);
    }

    /** Driver properties: the {@code connection.} entries plus user and password. */
    public Properties driverProperties() {
        return driverProperties(connectionProperties, user, password);
    }

    /** The driver properties of the sink whose validated options these are. */
    public static Properties driverProperties(Options o) {
        return driverProperties(
                o.withPrefix(JdbcSinkOptions.CONNECTION_PREFIX),
                o.get(JdbcSinkOptions.USER),
                o.get(JdbcSinkOptions.PASSWORD));
    }

    private static Properties driverProperties(
            Map<String, String> connectionProperties, String user, String password) {
        Properties p = new Properties();
        p.putAll(connectionProperties);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** Masks this sink's password and URL credentials in {@code text}. */
    public String mask(String text) {
        return Secrets.mask(text, password);
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public TableId commitTable() {
        return commitTable;
    }

    /** The table that holds per pipeline, table and subtask the progress of what was applied. */
    public TableId statusTable() {
        return statusTable;
    }

    public boolean createTables() {
        return createTables;
    }

    public boolean evolveSchema() {
        return evolveSchema;
    }

    /** Fill factor of the tables created in upsert mode, 10 to 100. */
    public int upsertFillfactor() {
        return upsertFillfactor;
    }

    public TableId errorTable() {
        return errorTable;
    }

    /** A copy with other retry settings (tests use short backoffs). */
    public JdbcSinkConfig withRetries(int retries, Duration backoff) {
        return new JdbcSinkConfig(
                pipeline,
                sinkName,
                url,
                user,
                password,
                connectionProperties,
                retries,
                backoff,
                commitTable,
                statusTable,
                createTables,
                evolveSchema,
                upsertFillfactor,
                errorTable);
    }

    /** A copy with other schema settings. */
    public JdbcSinkConfig withSchemaHandling(boolean create, boolean evolve) {
        return new JdbcSinkConfig(
                pipeline,
                sinkName,
                url,
                user,
                password,
                connectionProperties,
                maxRetries,
                retryBackoff,
                commitTable,
                statusTable,
                create,
                evolve,
                upsertFillfactor,
                errorTable);
    }

    @Override
    public String toString() {
        return "jdbc sink " + sinkName + " of " + pipeline + " at " + maskedUrl();
    }
}
