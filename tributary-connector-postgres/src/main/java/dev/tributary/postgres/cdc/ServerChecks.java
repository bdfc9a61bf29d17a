package dev.tributary.postgres.cdc;

import dev.tributary.api.error.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the server and the user must allow before a slot can be read. */
final class ServerChecks {
    private ServerChecks() {}

    /**
     * @throws ConfigException when wal_level is not logical
     */
    static void walLevel(Connection connection) throws SQLException {
        String level;
        try (Statement s = connection.createStatement();
                ResultSet rows = s.executeQuery("SHOW wal_level")) {
            rows.next();
            level = rows.getString(1);
        }
        if (!"logical".equals(level)) {
            throw new ConfigException(
                    "postgres-cdc needs logical decoding, but the server runs with wal_level = "
                            + level
                            + ": set wal_level = logical in postgresql.conf and restart PostgreSQL");
        }
    }

    /**
     * @param userKey the key path of the user option, for the message
     * @throws ConfigException when the user may not open a replication connection
     */
    static void replication(Connection connection, String userKey) throws SQLException {
        try (PreparedStatement s =
                        connection.prepareStatement(
                                "SELECT rolname, rolreplication OR rolsuper FROM pg_roles"
                                        + " WHERE rolname = current_user");
                ResultSet rows = s.executeQuery()) {
            if (rows.next() && !rows.getBoolean(2)) {
                String role = rows.getString(1);
                throw new ConfigException(
                        "the user '"
                                + role
                                + "' ("
                                + userKey
                                + ") may not read replication slots: run ALTER ROLE "
                                + Identifiers.quote(role)
                                + " REPLICATION (as a superuser), or connect as a user that has it");
            }
        }
    }
}
