package dev.tributary.postgres.cdc;

import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the publication the slot decodes with covers every captured table: creates it {@code
 * FOR TABLE} exactly those tables when it is missing, and adds the tables it lacks when it exists.
 * Flink CDC's own {@code filtered} auto-creation is broken, so it runs with {@code disabled}.
 */
final class PublicationSetup {
    private static final Logger LOG = LoggerFactory.getLogger(PublicationSetup.class);

    private static final String PUBLICATION =
            "SELECT puballtables, pubviaroot FROM pg_publication WHERE pubname = ?";

    private static final String MEMBERS =
            "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?"
                    + " UNION SELECT n.nspname, c.relname FROM pg_publication_rel r"
                    + " JOIN pg_publication p ON p.oid = r.prpubid"
                    + " JOIN pg_class c ON c.oid = r.prrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.pubname = ?";

    private PublicationSetup() {}

    /** Whether the publication {@code name} exists in the connection's database. */
    static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(PUBLICATION)) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * @param key the key path of the publication option, for messages
     * @throws ConfigException when the publication cannot be created or extended
     */
    static void ensure(Connection connection, String name, CapturedTables captured, String key)
            throws SQLException {
        Boolean allTables = null;
        boolean viaRoot = false;
        try (PreparedStatement s = connection.prepareStatement(PUBLICATION)) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                if (rows.next()) {
                    allTables = rows.getBoolean(1);
                    viaRoot = rows.getBoolean(2);
                }
            }
        }
        if (allTables == null) {
            String sql =
                    "CREATE PUBLICATION "
                            + Identifiers.quote(name)
                            + " FOR TABLE "
                            + list(captured.tables())
                            + (captured.anyPartitioned()
                                    ? " WITH (publish_via_partition_root = true)"
                                    : "");
            execute(connection, sql, "create the publication", key);
            LOG.info("Created publication {} for {}", name, captured.tables());
            return;
        }
        if (captured.anyPartitioned() && !viaRoot) {
            execute(
                    connection,
                    "ALTER PUBLICATION "
                            + Identifiers.quote(name)
                            + " SET (publish_via_partition_root = true)",
                    "publish partitioned tables through their root",
                    key);
        }
        if (allTables) {
            return;
        }
        List<TableId> missing = new ArrayList<>(captured.tables());
        missing.removeAll(members(connection, name));
        if (!missing.isEmpty()) {
            execute(
                    connection,
                    "ALTER PUBLICATION " + Identifiers.quote(name) + " ADD TABLE " + list(missing),
                    "add the newly captured tables to the publication",
                    key);
            LOG.info("Added {} to publication {}", missing, name);
        }
    }

    private static Set<TableId> members(Connection connection, String name) throws SQLException {
        Set<TableId> members = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement(MEMBERS)) {
            s.setString(1, name);
            s.setString(2, name);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    members.add(TableId.of(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return members;
    }

    private static String list(List<TableId> tables) {
        StringBuilder b = new StringBuilder();
        for (TableId t : tables) {
            b.append(b.length() == 0 ? "" : ", ").append(Identifiers.quote(t));
        }
        return b.toString();
    }

    private static void execute(Connection connection, String sql, String what, String key) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new ConfigException(
                    "could not "
                            + what
                            + " ("
                            + key
                            + "): "
                            + e.getMessage()
                            + " (SQL state "
                            + e.getSQLState()
                            + "). Run as the owner of the tables: "
                            + sql);
        }
    }
}
