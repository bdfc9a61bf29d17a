package dev.tributary.jdbc;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.Dialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/** The {@code jdbc} sink: exactly-once writes into a database that has a {@link Dialect}. */
public final class JdbcSinkFactory implements SinkFactory {

    @Override
    public String identifier() {
        return "jdbc";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return JdbcSinkOptions.ALL;
    }

    @Override
    public List<String> passThroughPrefixes() {
        return List.of(JdbcSinkOptions.CONNECTION_PREFIX);
    }

    @Override
    public void validate(Options options) {
        String url = options.get(JdbcSinkOptions.URL);
        String password = options.get(JdbcSinkOptions.PASSWORD);
        List<Dialect> known = Dialects.all(JdbcSinkFactory.class.getClassLoader());
        long accepting = known.stream().filter(d -> d.accepts(url)).count();
        if (accepting != 1) {
            throw new ConfigException(
                    options.pathOf(JdbcSinkOptions.URL)
                            + ": "
                            + (accepting == 0
                                    ? "no JDBC dialect accepts '"
                                    : "several JDBC dialects accept '")
                            + Secrets.mask(url, password)
                            + "'; known dialects: "
                            + Dialects.describe(known));
        }
        Integer retries = options.get(JdbcSinkOptions.MAX_RETRIES);
        if (retries != null && retries < 0) {
            throw new ConfigException(
                    options.pathOf(JdbcSinkOptions.MAX_RETRIES)
                            + ": must be 0 or more, found "
                            + retries);
        }
        int fillfactor = options.get(JdbcSinkOptions.UPSERT_FILLFACTOR);
        if (fillfactor < 10 || fillfactor > 100) {
            throw new ConfigException(
                    options.pathOf(JdbcSinkOptions.UPSERT_FILLFACTOR)
                            + ": must be between 10 and 100, found "
                            + fillfactor);
        }
        if (options.get(JdbcSinkOptions.RETRY_BACKOFF).isNegative()) {
            throw new ConfigException(
                    options.pathOf(JdbcSinkOptions.RETRY_BACKOFF) + ": must not be negative");
        }
    }

    /**
     * One connection is opened with the sink's URL, user, password and {@code connection.}
     * properties. While the pipeline runs, the sink retries a database that goes away; a start
     * without it would fail each restart after the sink's retries, for minutes.
     */
    @Override
    public void preflight(Options options) {
        String url = options.get(JdbcSinkOptions.URL);
        String user = options.get(JdbcSinkOptions.USER);
        String password = options.get(JdbcSinkOptions.PASSWORD);
        Dialect dialect = Dialects.forUrl(url, JdbcSinkFactory.class.getClassLoader());
        try (Connection connection =
                dialect.connect(url, JdbcSinkConfig.driverProperties(options))) {
            connection.rollback(); // opening it was the check
        } catch (SQLException e) {
            throw new ConfigException(
                    options.path()
                            + ": cannot connect to "
                            + Secrets.mask(url, password)
                            + (user == null ? "" : " as " + user)
                            + " ("
                            + options.pathOf(JdbcSinkOptions.URL)
                            + ", user, password"
                            + (options.withPrefix(JdbcSinkOptions.CONNECTION_PREFIX).isEmpty()
                                    ? ""
                                    : ", " + JdbcSinkOptions.CONNECTION_PREFIX + "*")
                            + "): "
                            + Secrets.mask(String.valueOf(e.getMessage()), password));
        }
    }

    @Override
    public Sink<SinkRecord> create(SinkContext context) {
        return new JdbcSink(JdbcSinkConfig.from(context));
    }
}
