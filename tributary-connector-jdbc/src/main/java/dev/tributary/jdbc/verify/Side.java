package dev.tributary.jdbc.verify;

import dev.tributary.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.util.Objects;

/**
 * One database of a verify run: the dialect that builds its SQL and an open connection to it. The
 * caller opens and closes the connection; while a verify runs it owns the connection and leaves it
 * with no open transaction.
 *
 * @param name {@code source} or {@code target}, for messages; never null
 * @param dialect never null
 * @param connection never null
 */
public record Side(String name, Dialect dialect, Connection connection) {

    public Side {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(connection, "connection");
    }
}
