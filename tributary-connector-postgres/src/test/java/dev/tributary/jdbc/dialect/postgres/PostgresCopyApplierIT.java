package dev.tributary.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TypeKind;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.Rows;
import dev.tributary.jdbc.dialect.TableDefinition;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL applier's two upsert paths against a real server: straight COPY into an empty
 * target, and staging plus set-based statements otherwise, including the hand-over from the first
 * to the second when a concurrent writer commits one of the batch's keys first.
 */
class PostgresCopyApplierIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    private static final TableId ORDERS = TableId.parse("public.orders");

    private static final TableDefinition TABLE =
            new TableDefinition(
                    ORDERS,
                    List.of(
                            new ColumnDefinition("id", DataType.of(TypeKind.INT64), false, "int8"),
                            new ColumnDefinition(
                                    "note", DataType.of(TypeKind.STRING), true, "text")),
                    List.of("id"));

    private static final WriteTarget TARGET =
            new WriteTarget(TABLE, TABLE.columns(), new int[] {0}, true);

    private final PostgresDialect dialect = new PostgresDialect();
    private String url;
    private Connection connection;
    private BatchApplier applier;

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

    @BeforeEach
    void freshDatabase(TestInfo test) throws SQLException {
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase();
        database.createDatabase(name);
        url = database.jdbcUrl(name);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note text)");
        }
        connection = connect();
        connection.setAutoCommit(false);
        applier = dialect.applier(connection);
    }

    @AfterEach
    void close() throws SQLException {
        applier.close();
        connection.close();
    }

    @Test
    void anEmptyTargetTakesTheBatchByCopyAndDropsItsDeletes() throws Exception {
        applier.upsert(TARGET, rows(upsert(1, "a"), delete(2), upsert(3, "c")));
        assertThat(stagingTables()).as("no staging table on the direct path").isZero();
        commit();

        assertThat(orders()).containsExactly("1=a", "3=c");
    }

    @Test
    void aTargetHoldingRowsIsUpsertedThroughStaging() throws Exception {
        applier.upsert(TARGET, rows(upsert(1, "a"), upsert(2, "b")));
        commit();

        applier.upsert(TARGET, rows(upsert(1, "a2"), delete(2), upsert(3, "c")));
        assertThat(stagingTables()).isEqualTo(1);
        commit();

        assertThat(orders()).containsExactly("1=a2", "3=c");
    }

    @Test
    void aTruncatedTargetIsEmptyAgain() throws Exception {
        applier.upsert(TARGET, rows(upsert(1, "a")));
        commit();
        applier.upsert(TARGET, rows(upsert(1, "a2")));
        commit();

        applier.truncate(ORDERS);
        applier.upsert(TARGET, rows(upsert(5, "e")));
        commit();

        assertThat(orders()).containsExactly("5=e");
    }

    @Test
    void aKeyCommittedConcurrentlyMakesTheBatchTakeTheStagingPath() throws Exception {
        try (Connection other = connect()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("INSERT INTO orders VALUES (2, 'theirs')");
            }
            // The target still looks empty, so the applier COPYs, and waits on key 2.
            int applierPid = backendPid(connection);
            CompletableFuture<Void> apply =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    applier.upsert(TARGET, rows(upsert(1, "a"), upsert(2, "mine")));
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            awaitLockWait(applierPid);
            other.commit();
            apply.get(60, TimeUnit.SECONDS);
        }
        assertThat(stagingTables()).as("fell back to the staging path").isEqualTo(1);
        commit();

        assertThat(orders()).containsExactly("1=a", "2=mine");
    }

    @Test
    void aRefusedValueOnTheDirectPathFailsOnlyTheCallersSavepoint() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE orders ADD CONSTRAINT short_note CHECK (length(note) < 5)");
        }
        var before = connection.setSavepoint();
        assertThatThrownBy(
                        () -> applier.upsert(TARGET, rows(upsert(1, "a"), upsert(2, "too long"))))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
        connection.rollback(before);

        applier.upsert(TARGET, rows(upsert(1, "a")));
        commit();
        assertThat(orders()).containsExactly("1=a");
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------

    private void commit() throws SQLException {
        connection.commit();
        applier.transactionEnded(true);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, database.user(), database.password());
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Polls until the backend {@code pid} waits for a lock (the other transaction's key). */
    private void awaitLockWait(int pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r =
                        s.executeQuery(
                                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = "
                                        + pid)) {
                    if (r.next() && r.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the applier never waited for the concurrent key");
    }

    /** Temporary tables on the applier's connection: its staging tables. */
    private int stagingTables() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT count(*) FROM pg_class"
                                        + " WHERE relnamespace = pg_my_temp_schema()"
                                        + " AND relkind = 'r'")) {
            r.next();
            return r.getInt(1);
        }
    }

    private List<String> orders() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, note FROM orders ORDER BY id")) {
            while (r.next()) {
                rows.add(r.getLong(1) + "=" + r.getString(2));
            }
        }
        return rows;
    }

    private static Object[] upsert(long id, String note) {
        return new Object[] {id, note, false};
    }

    private static Object[] delete(long id) {
        return new Object[] {id, null, true};
    }

    /** Rows of (id, note), each entry's third element saying whether it is a delete. */
    private static Rows rows(Object[]... entries) {
        return new Rows() {
            @Override
            public int size() {
                return entries.length;
            }

            @Override
            public Object[] row(int index) {
                return new Object[] {entries[index][0], entries[index][1]};
            }

            @Override
            public boolean isDelete(int index) {
                return (Boolean) entries[index][2];
            }
        };
    }
}
