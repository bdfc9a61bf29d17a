package dev.tributary.jdbc.dialect.postgres;

import static dev.tributary.jdbc.Events.delete;
import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.row;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.truncate;
import static dev.tributary.jdbc.Events.update;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.JdbcSink;
import dev.tributary.jdbc.TestRequest;
import dev.tributary.jdbc.TestSinkConfigs;
import dev.tributary.jdbc.commit.JdbcCommittable;
import dev.tributary.jdbc.commit.JdbcCommitter;
import dev.tributary.jdbc.writer.JdbcSinkWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink connected as a role that owns nothing, holding only the privileges docs/jdbc-sink.md
 * lists ("The sink's database role"): everything a mirror needs works, and a missing privilege
 * fails the commit loudly with PostgreSQL's message, writing nothing.
 */
class PostgresSinkPrivilegesIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final TableSchema ORDER =
            schema(List.of("id"), "id INT64", "name STRING", "qty INT32");
    private static final TableId ORDERS = TableId.parse("orders");
    private static final String ROLE = "tributary_writer";
    private static final String ROLE_PASSWORD = "writer-secret";

    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    private String url;

    @BeforeAll
    static void startDatabase() throws SQLException {
        database = EmbeddedDatabase.start(dataDir);
        // Roles belong to the cluster, not to one database.
        database.createDatabase("roles");
        try (Connection c = admin(database.jdbcUrl("roles"));
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
        }
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * A database whose {@code orders} table belongs to the administrator, and whose schema {@code
     * public} lets the role create the sink's own tables.
     */
    @BeforeEach
    void freshDatabase() throws SQLException {
        String name = "privileges" + DATABASES.incrementAndGet();
        database.createDatabase(name);
        url = database.jdbcUrl(name);
        asAdmin(
                "CREATE TABLE orders (id bigint PRIMARY KEY, name text, qty integer)",
                "INSERT INTO orders VALUES (100, 'before', 0)",
                "GRANT USAGE, CREATE ON SCHEMA public TO " + ROLE);
    }

    @Test
    void theDocumentedPrivilegesMirrorEveryOperation() throws Exception {
        asAdmin("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON orders TO " + ROLE);
        try (Session sink = new Session()) {
            // The first batch truncates, so its rows go straight into the emptied table.
            sink.commit(
                    upsert(ORDERS, truncate(ORDER)),
                    upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                    upsert(ORDERS, insert(ORDER, 2L, "b", 2)),
                    upsert(ORDERS, insert(ORDER, 3L, "c", 3)));
            // The second goes through staging: update, delete, insert.
            sink.commit(
                    upsert(ORDERS, update(ORDER, row(1L, "a", 1), row(1L, "a2", 10))),
                    upsert(ORDERS, delete(ORDER, 2L, "b", 2)),
                    upsert(ORDERS, insert(ORDER, 4L, "d", 4)));
        }

        assertThat(rows("SELECT id, name, qty FROM orders ORDER BY id"))
                .containsExactly(List.of(1L, "a2", 10), List.of(3L, "c", 3), List.of(4L, "d", 4));
        // The sink's own tables belong to the role that created them.
        assertThat(
                        rows(
                                "SELECT tablename::text, tableowner::text FROM pg_tables"
                                        + " WHERE tablename IN ('_tributary_commits',"
                                        + " '_tributary_status', 'tributary_errors')"
                                        + " ORDER BY tablename"))
                .containsExactly(
                        List.of("_tributary_commits", ROLE),
                        List.of("_tributary_status", ROLE),
                        List.of("tributary_errors", ROLE));
    }

    @Test
    void anAppendTableNeedsOnlyInsert() throws Exception {
        asAdmin(
                "CREATE TABLE orders_history (id bigint, name text, qty integer,"
                        + " _tributary_op varchar(1), _tributary_stream text,"
                        + " _tributary_partition integer, _tributary_offset bigint,"
                        + " _tributary_source_ts timestamptz, _tributary_ingested_at timestamptz)",
                "GRANT INSERT ON orders_history TO " + ROLE);
        TableId history = TableId.parse("orders_history");
        try (Session sink = new Session()) {
            sink.commit(
                    record(history, WriteMode.APPEND, insert(ORDER, 1L, "a", 1)),
                    record(history, WriteMode.APPEND, delete(ORDER, 1L, "a", 1)));
        }

        assertThat(rows("SELECT id, _tributary_op FROM orders_history ORDER BY _tributary_op"))
                .containsExactly(List.of(1L, "c"), List.of(1L, "d"));
    }

    @Test
    void withoutUpdateEvenAnInsertFailsTheCommitNamingThePrivilegeAndWritesNothing()
            throws Exception {
        // INSERT ... ON CONFLICT DO UPDATE needs UPDATE even when no row conflicts.
        asAdmin("GRANT SELECT, INSERT, DELETE ON orders TO " + ROLE);
        try (Session sink = new Session()) {
            assertThatThrownBy(
                            () ->
                                    sink.commit(
                                            upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                                            upsert(ORDERS, delete(ORDER, 100L, "before", 0))))
                    .hasStackTraceContaining("table=orders sqlState=42501")
                    .hasStackTraceContaining("permission denied for table orders")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(ROLE_PASSWORD));
        }

        // The batch rolled back whole: neither its insert nor its delete, nor a commit row.
        assertThat(rows("SELECT id, name FROM orders")).containsExactly(List.of(100L, "before"));
        assertThat(rows("SELECT count(*) FROM _tributary_commits")).containsExactly(List.of(0L));
        assertThat(rows("SELECT count(*) FROM tributary_errors")).containsExactly(List.of(0L));
    }

    @Test
    void aNewColumnOnATableTheRoleDoesNotOwnFailsTheCommitNamingTheTable() throws Exception {
        asAdmin("GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO " + ROLE);
        TableSchema wider =
                schema(List.of("id"), "id INT64", "name STRING", "qty INT32", "note STRING");
        try (Session sink = new Session()) {
            assertThatThrownBy(() -> sink.commit(upsert(ORDERS, insert(wider, 5L, "e", 5, "x"))))
                    .hasStackTraceContaining("must be owner of table orders");
        }

        assertThat(rows("SELECT id FROM orders")).containsExactly(List.of(100L));
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------

    /** A writer and committer connected as the role. */
    private final class Session implements AutoCloseable {
        private final JdbcSinkWriter writer;
        private final JdbcCommitter committer;

        Session() throws Exception {
            JdbcSink sink = new JdbcSink(TestSinkConfigs.of(url, ROLE, ROLE_PASSWORD));
            writer = sink.createWriter(0, List.of());
            committer = sink.createCommitter();
        }

        /** Writes the records and commits them as one checkpoint; throws what the commit threw. */
        void commit(SinkRecord... records) throws Exception {
            for (SinkRecord r : records) {
                writer.write(r);
            }
            List<JdbcCommittable> prepared = new ArrayList<>(writer.prepareCommit());
            assertThat(prepared).hasSize(1);
            TestRequest request = new TestRequest(prepared.get(0));
            committer.commit(List.of(request));
            if (request.failure != null) {
                throw new AssertionError("the commit failed", request.failure);
            }
        }

        @Override
        public void close() throws Exception {
            committer.close();
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static Connection admin(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, database.user(), database.password());
    }

    private void asAdmin(String... statements) throws SQLException {
        try (Connection c = admin(url);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private List<List<Object>> rows(String query) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = admin(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    r.add(rs.getObject(i));
                }
                out.add(r);
            }
        }
        return out;
    }
}
