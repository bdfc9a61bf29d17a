package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** How the bench reaches the target database; each thread opens its own connection. */
record BenchDatabase(String url, String user, String password) {
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
