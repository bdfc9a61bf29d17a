package dev.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    @Test
    void rowsSurviveARestartOnTheSamePort(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            db.createDatabase("Shop");
            execute(db, "Shop", "CREATE TABLE orders (id INT PRIMARY KEY, item TEXT)");
            execute(db, "Shop", "INSERT INTO orders VALUES (1, 'apple'), (2, 'pear')");
            int port = db.port();

            db.stop();
            assertThatThrownBy(() -> count(db, "Shop", "orders")).isInstanceOf(SQLException.class);
            db.restart();

            assertThat(db.port()).isEqualTo(port);
            assertThat(db.jdbcUrl("Shop"))
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/Shop");
            assertThat(count(db, "Shop", "orders")).isEqualTo(2);
        }
    }

    @Test
    void aStoppedDataDirIsReusedByANewServer(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            db.createDatabase("kept");
            execute(db, "kept", "CREATE TABLE t (id INT)");
            execute(db, "kept", "INSERT INTO t VALUES (1)");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(count(db, "kept", "t")).isEqualTo(1);
        }
    }

    @Test
    void serverIsReadyForLogicalDecoding(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(show(db, "wal_level")).isEqualTo("logical");
            assertThat(show(db, "max_replication_slots")).isEqualTo("10");
            assertThat(show(db, "max_wal_senders")).isEqualTo("10");
        }
    }

    @Test
    void createDatabaseIsIdempotentAndKeepsTheCase(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            db.createDatabase("MixedCase \"db\"");
            db.createDatabase("MixedCase \"db\"");
            try (Connection c = connect(db, "MixedCase \"db\"")) {
                assertThat(c.getCatalog()).isEqualTo("MixedCase \"db\"");
            }
            assertThat(db.user()).isEqualTo("postgres");
            assertThat(db.password()).isEmpty();
        }
    }

    @Test
    void twoServersSideBySideDoNotClash(@TempDir Path first, @TempDir Path second)
            throws SQLException {
        try (EmbeddedDatabase a = EmbeddedDatabase.start(first);
                EmbeddedDatabase b = EmbeddedDatabase.start(second)) {
            assertThat(a.port()).isNotEqualTo(b.port());
            a.createDatabase("only_in_a");
            assertThat(show(a, "data_directory")).isNotEqualTo(show(b, "data_directory"));
            assertThatThrownBy(() -> connect(b, "only_in_a").close())
                    .isInstanceOf(SQLException.class);
        }
    }

    private static Connection connect(EmbeddedDatabase db, String database) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
    }

    private static void execute(EmbeddedDatabase db, String database, String sql)
            throws SQLException {
        try (Connection c = connect(db, database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(EmbeddedDatabase db, String database, String table)
            throws SQLException {
        return single(db, database, "SELECT count(*) FROM " + table);
    }

    private static String show(EmbeddedDatabase db, String setting) throws SQLException {
        try (Connection c = connect(db, "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long single(EmbeddedDatabase db, String database, String sql)
            throws SQLException {
        try (Connection c = connect(db, database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
