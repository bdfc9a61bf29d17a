package dev.tributary.app.status;

import dev.tributary.api.event.TableId;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.jdbc.JdbcSinkConfig;
import dev.tributary.jdbc.JdbcSinkFactory;
import dev.tributary.jdbc.JdbcSinkOptions;
import dev.tributary.jdbc.Secrets;
import dev.tributary.jdbc.dialect.Dialect;
import dev.tributary.jdbc.dialect.Dialects;
import dev.tributary.runtime.config.ComponentDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The database behind a {@code jdbc} sink of a pipeline file, for the commands that read it. */
public final class SinkDatabase {
    private final String sinkName;
    private final String url;
    private final String password;
    private final Properties properties;
    private final Dialect dialect;
    private final TableId statusTable;

    private SinkDatabase(ComponentDefinition<SinkFactory> sink) {
        var o = sink.options();
        this.sinkName = sink.name();
        this.url = o.get(JdbcSinkOptions.URL);
        this.password = o.get(JdbcSinkOptions.PASSWORD);
        this.properties = JdbcSinkConfig.driverProperties(o);
        this.dialect = Dialects.forUrl(url, SinkDatabase.class.getClassLoader());
        this.statusTable = TableId.parse(o.get(JdbcSinkOptions.STATUS_TABLE));
    }

    /** The {@code jdbc} sinks among {@code sinks}, in file order. */
    public static List<SinkDatabase> of(List<ComponentDefinition<SinkFactory>> sinks) {
        List<SinkDatabase> out = new ArrayList<>();
        for (ComponentDefinition<SinkFactory> s : sinks) {
            if (s.factory() instanceof JdbcSinkFactory) {
                out.add(new SinkDatabase(s));
            }
        }
        return out;
    }

    public String sinkName() {
        return sinkName;
    }

    public Dialect dialect() {
        return dialect;
    }

    public TableId statusTable() {
        return statusTable;
    }

    /** The URL with credentials masked, for messages. */
    public String maskedUrl() {
        return Secrets.mask(url, password);
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    public Connection connect() throws SQLException {
        Connection c = dialect.connect(url, properties);
        c.setAutoCommit(true);
        return c;
    }
}
