package dev.tributary.jdbc.dialect.postgres;

import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.AbstractJdbcSinkIT;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @Test
    void upsertTablesAreCreatedWithRoomToUpdateRowsInPlace() throws Exception {
        TableSchema item = schema(List.of("id"), "id INT64", "name STRING(20)", "qty INT32");
        commit(
                upsert(ORDERS, insert(item, 1L, "a", 1)),
                record(
                        TableId.parse("orders_history"),
                        WriteMode.APPEND,
                        insert(item, 1L, "a", 1)));

        assertThat(
                        rows(
                                "SELECT relname::text, coalesce(array_to_string(reloptions, ','), '')"
                                        + " FROM pg_class WHERE relname IN ('orders', 'orders_history')"
                                        + " ORDER BY relname"))
                .containsExactly(List.of("orders", "fillfactor=80"), List.of("orders_history", ""));
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
