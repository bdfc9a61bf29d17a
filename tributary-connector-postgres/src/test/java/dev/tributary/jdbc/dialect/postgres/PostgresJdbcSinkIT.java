package dev.tributary.jdbc.dialect.postgres;

import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.AbstractJdbcSinkIT;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc sink's behaviour suite on a real PostgreSQL; each test gets its own database. */
class PostgresJdbcSinkIT extends AbstractJdbcSinkIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(dataDir);
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected String freshDatabase(String name) {
        database.createDatabase(name);
        return database.jdbcUrl(name);
    }

    @Override
    protected String user() {
        return database.user();
    }

    @Override
    protected String password() {
        return database.password();
    }
}
