package dev.tributary.jdbc;

import static dev.tributary.jdbc.Events.delete;
import static dev.tributary.jdbc.Events.insert;
import static dev.tributary.jdbc.Events.record;
import static dev.tributary.jdbc.Events.row;
import static dev.tributary.jdbc.Events.schema;
import static dev.tributary.jdbc.Events.snapshot;
import static dev.tributary.jdbc.Events.truncate;
import static dev.tributary.jdbc.Events.untyped;
import static dev.tributary.jdbc.Events.update;
import static dev.tributary.jdbc.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.TypeKind;
import dev.tributary.api.event.WriteMode;
import dev.tributary.jdbc.commit.JdbcCommittable;
import dev.tributary.jdbc.commit.JdbcCommitter;
import dev.tributary.jdbc.writer.JdbcSinkWriter;
import dev.tributary.jdbc.writer.JdbcWriterState;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the jdbc sink, written once and bound per database (see {@code
 * PostgresJdbcSinkIT}). Each test gets a fresh database, drives the writer and committer directly
 * and checks the rows the database holds.
 */
public abstract class AbstractJdbcSinkIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    protected static final TableId ORDERS = TableId.parse("orders");
    protected static final TableId ERRORS = TableId.parse("tributary_errors");

    /** Creates an empty database and returns its JDBC URL. */
    protected abstract String freshDatabase(String name) throws Exception;

    protected abstract String user();

    protected abstract String password();

    protected String url;
    protected JdbcSink sink;
    protected JdbcSinkWriter writer;
    protected JdbcCommitter committer;

    @BeforeEach
    void freshSink() throws Exception {
        url = freshDatabase("sinktest" + DATABASES.incrementAndGet());
        sink = new JdbcSink(config());
        writer = sink.createWriter(0, List.of());
        committer = sink.createCommitter();
    }

    @AfterEach
    void closeSink() throws Exception {
        committer.close();
    }

    protected JdbcSinkConfig config() {
        return TestSinkConfigs.of(url, user(), password());
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------

    /** Writes the records, prepares one committable and commits it; returns it. */
    protected JdbcCommittable commit(SinkRecord... records) throws Exception {
        for (SinkRecord r : records) {
            writer.write(r);
        }
        Collection<JdbcCommittable> prepared = writer.prepareCommit();
        assertThat(prepared).hasSize(1);
        JdbcCommittable c = prepared.iterator().next();
        committer.commit(List.of(new TestRequest(c)));
        return c;
    }

    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    protected void sql(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    protected List<List<Object>> rows(String query) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    protected List<List<Object>> errors() throws SQLException {
        return rows(
                "SELECT error_kind, message, source_table, target_table, convert_from(raw_value, 'UTF8'),"
                        + " convert_from(raw_key, 'UTF8') FROM "
                        + ERRORS
                        + " ORDER BY \"offset\"");
    }

    private static final TableSchema ORDER =
            schema(List.of("id"), "id INT64", "name STRING(20)", "qty INT32");

    // ---- upsert mode
    // ----------------------------------------------------------------------------------

    @Test
    void everyOpIsMirroredByKey() throws Exception {
        commit(
                upsert(ORDERS, snapshot(ORDER, 1L, "apple", 1)),
                upsert(ORDERS, insert(ORDER, 2L, "pear", 2)),
                upsert(ORDERS, insert(ORDER, 3L, "plum", 3)));
        commit(
                upsert(ORDERS, update(ORDER, row(1L, "apple", 1), row(1L, "apple", 10))),
                upsert(ORDERS, delete(ORDER, 2L, "pear", 2)),
                upsert(ORDERS, update(ORDER, null, row(3L, "plum!", 30))));

        assertThat(rows("SELECT id, name, qty FROM orders ORDER BY id"))
                .containsExactly(List.of(1L, "apple", 10), List.of(3L, "plum!", 30));
        assertThat(errors()).isEmpty();
    }

    @Test
    void lastChangePerKeyWinsWithinABatch() throws Exception {
        commit(
                upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                upsert(ORDERS, update(ORDER, row(1L, "a", 1), row(1L, "b", 2))),
                upsert(ORDERS, update(ORDER, row(1L, "b", 2), row(1L, "c", 3))),
                upsert(ORDERS, insert(ORDER, 2L, "x", 1)),
                upsert(ORDERS, delete(ORDER, 2L, "x", 1)));

        assertThat(rows("SELECT id, name, qty FROM orders ORDER BY id"))
                .containsExactly(List.of(1L, "c", 3));
    }

    @Test
    void compositeKeysIdentifyRows() throws Exception {
        TableSchema s =
                schema(
                        List.of("region", "id"),
                        "region STRING(10)",
                        "id INT32",
                        "amount DECIMAL(10,2)");
        commit(
                upsert(ORDERS, insert(s, "eu", 1, new BigDecimal("1.50"))),
                upsert(ORDERS, insert(s, "us", 1, new BigDecimal("2.50"))),
                upsert(ORDERS, insert(s, "eu", 2, new BigDecimal("3.50"))));
        commit(
                upsert(
                        ORDERS,
                        update(
                                s,
                                row("eu", 1, new BigDecimal("1.50")),
                                row("eu", 1, new BigDecimal("9.99")))),
                upsert(ORDERS, delete(s, "us", 1, null)));

        assertThat(rows("SELECT region, id, amount FROM orders ORDER BY region, id"))
                .containsExactly(
                        List.of("eu", 1, new BigDecimal("9.99")),
                        List.of("eu", 2, new BigDecimal("3.50")));
        assertThat(
                        rows(
                                "SELECT count(*) FROM information_schema.table_constraints WHERE table_name = 'orders'"
                                        + " AND constraint_type = 'PRIMARY KEY'"))
                .containsExactly(List.of(1L));
    }

    @Test
    void keyChangingUpdateDeletesTheOldKey() throws Exception {
        commit(
                upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                upsert(ORDERS, insert(ORDER, 2L, "b", 2)));
        commit(upsert(ORDERS, update(ORDER, row(1L, "a", 1), row(5L, "a", 1))));
        // In one batch with its insert, too: the moved row must not survive under its first key.
        commit(
                upsert(ORDERS, insert(ORDER, 7L, "c", 3)),
                upsert(ORDERS, update(ORDER, row(7L, "c", 3), row(8L, "c", 3))));

        assertThat(rows("SELECT id, name FROM orders ORDER BY id"))
                .containsExactly(List.of(2L, "b"), List.of(5L, "a"), List.of(8L, "c"));
    }

    @Test
    void deleteThenReinsertInOneBatchKeepsTheRow() throws Exception {
        commit(upsert(ORDERS, insert(ORDER, 1L, "a", 1)));
        commit(
                upsert(ORDERS, delete(ORDER, 1L, "a", 1)),
                upsert(ORDERS, insert(ORDER, 1L, "again", 2)));

        assertThat(rows("SELECT id, name, qty FROM orders"))
                .containsExactly(List.of(1L, "again", 2));
    }

    @Test
    void truncateEmptiesTheTableAndLaterChangesLand() throws Exception {
        commit(
                upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                upsert(ORDERS, insert(ORDER, 2L, "b", 2)));
        commit(
                upsert(ORDERS, insert(ORDER, 3L, "c", 3)),
                upsert(ORDERS, truncate(ORDER)),
                upsert(ORDERS, insert(ORDER, 4L, "d", 4)));

        assertThat(rows("SELECT id FROM orders")).containsExactly(List.of(4L));
    }

    @Test
    void upsertIntoATableWithoutPrimaryKeyMatchesByTheEventKey() throws Exception {
        sql("CREATE TABLE orders (id bigint, name varchar(20), qty integer)");
        commit(
                upsert(ORDERS, insert(ORDER, 1L, "a", 1)),
                upsert(ORDERS, insert(ORDER, 2L, "b", 2)));
        commit(
                upsert(ORDERS, update(ORDER, row(1L, "a", 1), row(1L, "z", 9))),
                upsert(ORDERS, delete(ORDER, 2L, "b", 2)));

        assertThat(rows("SELECT id, name, qty FROM orders")).containsExactly(List.of(1L, "z", 9));
    }

    // ---- append and insert modes
    // ------------------------------------------------------------------

    @Test
    void appendModeWritesOneRowPerChangeWithMetadata() throws Exception {
        TableId history = TableId.parse("orders_history");
        ChangeEvent ins = insert(ORDER, 1L, "a", 1);
        ChangeEvent upd = update(ORDER, row(1L, "a", 1), row(1L, "b", 2));
        ChangeEvent del = delete(ORDER, 1L, "b", 2);
        commit(
                record(history, WriteMode.APPEND, ins),
                record(history, WriteMode.APPEND, upd),
                record(history, WriteMode.APPEND, del));

        assertThat(
                        rows(
                                "SELECT id, name, qty, _tributary_op, _tributary_stream, _tributary_partition,"
                                        + " _tributary_offset FROM orders_history ORDER BY _tributary_offset"))
                .containsExactly(
                        List.of(1L, "a", 1, "c", "shop.public.orders", 0, ins.position().offset()),
                        List.of(1L, "b", 2, "u", "shop.public.orders", 0, upd.position().offset()),
                        List.of(1L, "b", 2, "d", "shop.public.orders", 0, del.position().offset()));
        assertThat(
                        rows(
                                "SELECT count(*) FROM orders_history WHERE _tributary_source_ts = '2023-11-14 22:13:20+00'"
                                        + " AND _tributary_ingested_at > now() - interval '1 hour'"))
                .containsExactly(List.of(3L));
        assertThat(
                        rows(
                                "SELECT count(*) FROM information_schema.table_constraints WHERE table_name ="
                                        + " 'orders_history' AND constraint_type = 'PRIMARY KEY'"))
                .containsExactly(List.of(0L));
    }

    @Test
    void appendModeKeepsRepeatedChangesOfOneKey() throws Exception {
        TableId history = TableId.parse("orders_history");
        commit(
                record(history, WriteMode.APPEND, insert(ORDER, 1L, "a", 1)),
                record(history, WriteMode.APPEND, insert(ORDER, 1L, "a", 1)),
                record(history, WriteMode.APPEND, truncate(ORDER)));

        assertThat(rows("SELECT id, _tributary_op FROM orders_history ORDER BY _tributary_offset"))
                .containsExactly(
                        List.of(1L, "c"), List.of(1L, "c"), java.util.Arrays.asList(null, "t"));
    }

    @Test
    void insertModeWritesRowsAsTheyAre() throws Exception {
        TableId copy = TableId.parse("orders_copy");
        commit(
                record(copy, WriteMode.INSERT, insert(ORDER, 1L, "a", 1)),
                record(copy, WriteMode.INSERT, insert(ORDER, 2L, "b", 2)));

        assertThat(rows("SELECT id, name, qty FROM orders_copy ORDER BY id"))
                .containsExactly(List.of(1L, "a", 1), List.of(2L, "b", 2));
        assertThat(
                        rows(
                                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders_copy'"))
                .containsExactly(List.of(3L));
    }

    // ---- types and schemas
    // ----------------------------------------------------------------------------

    @Test
    void createdTablesRoundTripEveryLogicalType() throws Exception {
        TableSchema s =
                schema(
                        List.of("id"),
                        "id INT32",
                        "b BOOLEAN",
                        "i16 INT16",
                        "i64 INT64",
                        "f32 FLOAT32",
                        "f64 FLOAT64",
                        "dec DECIMAL(20,5)",
                        "num DECIMAL",
                        "s STRING(10)",
                        "txt STRING",
                        "bin BYTES",
                        "d DATE",
                        "t TIME(6)",
                        "ts TIMESTAMP(6)",
                        "tstz TIMESTAMP_TZ(3)",
                        "j JSON",
                        "u UUID");
        Object[] full =
                row(
                        1,
                        true,
                        (short) -7,
                        Long.MIN_VALUE,
                        1.1f,
                        Math.PI,
                        new BigDecimal("-123456789012345.12345"),
                        new BigDecimal("1234567890.123456789012345678901234567890"),
                        "tab\there",
                        "back\\slash\nnew\r line \u00e9\u20ac\ud83d\ude00",
                        new byte[] {0, 1, (byte) 0xff, '\\', '\t'},
                        LocalDate.of(2024, 2, 29),
                        LocalTime.of(23, 59, 58, 123456000),
                        LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999999000),
                        OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123000000, ZoneOffset.ofHours(2)),
                        "{\"a\": [1, 2, \"x\"]}",
                        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        Object[] edges =
                row(
                        2,
                        false,
                        Short.MAX_VALUE,
                        Long.MAX_VALUE,
                        Float.MIN_VALUE,
                        -0.000001d,
                        new BigDecimal("0.00001"),
                        new BigDecimal("-1E+30"),
                        "",
                        "\\N",
                        new byte[0],
                        LocalDate.of(1, 1, 1),
                        LocalTime.MIDNIGHT,
                        LocalDateTime.of(2000, 1, 1, 0, 0),
                        OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                        "null",
                        new UUID(0, 0));
        Object[] nulls = new Object[s.size()];
        nulls[0] = 3;
        commit(
                upsert(ORDERS, insert(s, full)),
                upsert(ORDERS, insert(s, edges)),
                upsert(ORDERS, insert(s, nulls)));

        assertThat(readBack(s, 1)).containsExactly(normalized(full));
        assertThat(readBack(s, 2)).containsExactly(normalized(edges));
        assertThat(readBack(s, 3)).containsExactly(normalized(nulls));
        assertThat(errors()).isEmpty();
    }

    /** The row with the given id, each value read as its logical type's Java class. */
    protected Object[] readBack(TableSchema s, int id) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM orders WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            Object[] out = new Object[s.size()];
            for (int i = 0; i < s.size(); i++) {
                DataType t = s.column(i).type();
                int col = rs.findColumn(s.column(i).name());
                if (t.kind() == TypeKind.BYTES) {
                    out[i] = rs.getBytes(col);
                } else if (t.kind() == TypeKind.JSON || t.kind() == TypeKind.STRING) {
                    out[i] = rs.getString(col);
                } else {
                    out[i] = rs.getObject(col, t.kind().javaClass());
                }
            }
            return normalized(out);
        }
    }

    /** Timestamps with zone compared as instants; decimals by value. */
    private static Object[] normalized(Object[] row) {
        Object[] out = row.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof OffsetDateTime) {
                out[i] = ((OffsetDateTime) out[i]).toInstant();
            } else if (out[i] instanceof BigDecimal) {
                out[i] = ((BigDecimal) out[i]).stripTrailingZeros();
            }
        }
        return out;
    }

    @Test
    void aNewColumnIsAddedToTheTable() throws Exception {
        commit(upsert(ORDERS, insert(ORDER, 1L, "a", 1)));
        TableSchema wider =
                schema(List.of("id"), "id INT64", "name STRING(20)", "qty INT32", "note STRING");
        commit(
                upsert(ORDERS, insert(wider, 2L, "b", 2, "new")),
                upsert(ORDERS, insert(ORDER, 3L, "c", 3)));

        assertThat(rows("SELECT id, name, qty, note FROM orders ORDER BY id"))
                .containsExactly(
                        java.util.Arrays.asList(1L, "a", 1, null),
                        List.of(2L, "b", 2, "new"),
                        java.util.Arrays.asList(3L, "c", 3, null));
    }

    @Test
    void narrowingGoesToTheErrorTableAndThePipelineContinues() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(20), qty integer)");
        TableSchema narrowing = schema(List.of("id"), "id INT64", "name STRING(20)", "qty INT64");
        TableSchema longer = schema(List.of("id"), "id INT64", "name STRING(50)", "qty INT32");
        commit(
                upsert(ORDERS, insert(narrowing, 1L, "a", 5_000_000_000L)),
                upsert(ORDERS, insert(longer, 2L, "b", 2)),
                upsert(ORDERS, insert(ORDER, 3L, "c", 3)));
        commit(upsert(ORDERS, insert(ORDER, 4L, "d", 4)));

        assertThat(rows("SELECT id FROM orders ORDER BY id"))
                .containsExactly(List.of(3L), List.of(4L));
        List<List<Object>> errors = errors();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get(0)).isEqualTo("INCOMPATIBLE_SCHEMA_CHANGE");
        assertThat((String) errors.get(0).get(1)).contains("column qty: INT64 does not fit int4");
        assertThat(errors.get(0).get(2)).isEqualTo("shop.public.orders");
        assertThat(errors.get(0).get(3)).isEqualTo("orders");
        assertThat(errors.get(0).get(4))
                .isEqualTo("{\"id\": 1, \"name\": \"a\", \"qty\": 5000000000}");
        assertThat(errors.get(0).get(5)).isEqualTo("{\"id\": 1}");
        assertThat((String) errors.get(1).get(1))
                .contains("column name: STRING(50) does not fit varchar");
    }

    @Test
    void theStatusTableShowsPhaseCountsPositionAndErrorsPerTable() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(20), qty integer)");
        TableSchema narrowing = schema(List.of("id"), "id INT64", "name STRING(20)", "qty INT64");
        commit(
                upsert(ORDERS, snapshot(ORDER, 1L, "a", 1)),
                upsert(ORDERS, snapshot(ORDER, 2L, "b", 2)),
                upsert(ORDERS, snapshot(ORDER, 3L, "c", 3)));
        List<Object> afterSnapshot =
                rows("SELECT phase, snapshot_rows, events_applied, errors FROM"
                                + " _tributary_status WHERE pipeline = 'shop' AND"
                                + " table_name = 'orders' AND subtask = 0")
                        .get(0);
        assertThat(afterSnapshot).containsExactly("snapshot", 3L, 3L, 0L);

        SinkRecord last = upsert(ORDERS, update(ORDER, row(1L, "a", 1), row(1L, "a", 5)));
        commit(
                upsert(ORDERS, insert(narrowing, 9L, "x", 5_000_000_000L)),
                upsert(ORDERS, delete(ORDER, 2L, "b", 2)),
                last);

        List<Object> status =
                rows("SELECT phase, snapshot_rows, events_applied, errors, last_stream,"
                                + " last_partition, last_offset,"
                                + " extract(epoch from last_source_ts)::bigint, lag_ms > 0,"
                                + " last_error, last_error_at IS NOT NULL FROM"
                                + " _tributary_status")
                        .get(0);
        assertThat(status.subList(0, 7))
                .containsExactly(
                        "streaming",
                        3L,
                        6L,
                        1L,
                        "shop.public.orders",
                        0,
                        last.event().position().offset());
        assertThat(status.get(7)).isEqualTo(1_700_000_000L);
        assertThat(status.get(8)).isEqualTo(true);
        assertThat((String) status.get(9))
                .startsWith("INCOMPATIBLE_SCHEMA_CHANGE: ")
                .contains("column qty: INT64 does not fit int4");
        assertThat(status.get(10)).isEqualTo(true);
    }

    @Test
    void errorRowsOfTheSinkNameTheSourceTheEventCameFrom() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name text, qty integer CHECK (qty >= 0))");
        commit(
                new SinkRecord("shop-db", ORDERS, WriteMode.UPSERT, insert(ORDER, 1L, "a", -1)),
                new SinkRecord(ORDERS, WriteMode.UPSERT, insert(ORDER, 2L, "b", -2)),
                new SinkRecord("shop-db", ORDERS, WriteMode.UPSERT, insert(ORDER, 3L, "c", 3)));

        assertThat(rows("SELECT id FROM orders")).containsExactly(List.of(3L));
        assertThat(
                        rows(
                                "SELECT source, source_table, error_kind FROM "
                                        + ERRORS
                                        + " ORDER BY \"offset\""))
                .containsExactly(
                        Arrays.asList("shop-db", "shop.public.orders", "WRITE_FAILED"),
                        Arrays.asList(null, "shop.public.orders", "WRITE_FAILED"));
    }

    @Test
    void aTargetNamingAnotherDatabaseGoesToTheErrorTableAndTouchesNothing() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name text, qty integer)");
        sql("INSERT INTO orders VALUES (7, 'kept', 1)");
        TableId elsewhere = TableId.parse("otherdb.public.orders");
        commit(
                upsert(elsewhere, truncate(ORDER)),
                upsert(elsewhere, insert(ORDER, 1L, "a", 1)),
                upsert(ORDERS, insert(ORDER, 2L, "b", 2)));

        assertThat(rows("SELECT id, name FROM orders ORDER BY id"))
                .containsExactly(List.of(2L, "b"), List.of(7L, "kept"));
        // The truncate is reported too, in its place before the insert.
        List<List<Object>> errors = errors();
        assertThat(errors).hasSize(2);
        for (List<Object> e : errors) {
            assertThat(e.get(0)).isEqualTo("UNSUPPORTED");
            assertThat((String) e.get(1))
                    .contains(
                            "target otherdb.public.orders names a database or catalog ('otherdb')")
                    .contains("give the table rule's target as schema.table");
            assertThat(e.get(3)).isEqualTo("otherdb.public.orders");
        }
        assertThat(errors.get(0).get(4)).isNull();
        assertThat((String) errors.get(1).get(4)).contains("\"id\": 1,");
    }

    @Test
    void aTruncateAloneForATargetNamingAnotherDatabaseIsAnErrorRow() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name text, qty integer)");
        sql("INSERT INTO orders VALUES (7, 'kept', 1)");
        commit(upsert(TableId.parse("otherdb.public.orders"), truncate(ORDER)));

        assertThat(rows("SELECT id, name FROM orders")).containsExactly(List.of(7L, "kept"));
        assertThat(errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get(0)).isEqualTo("UNSUPPORTED");
                            assertThat((String) e.get(1)).contains("names a database or catalog");
                            assertThat(e.get(3)).isEqualTo("otherdb.public.orders");
                        });
    }

    @Test
    void aPrimaryKeyColumnMissingFromTheEventsIsAnIncompatibleChange() throws Exception {
        sql(
                "CREATE TABLE orders (tenant integer, id bigint, name varchar(20), qty integer, PRIMARY KEY (tenant, id))");
        commit(upsert(ORDERS, insert(ORDER, 1L, "a", 1)));

        assertThat(rows("SELECT count(*) FROM orders")).containsExactly(List.of(0L));
        assertThat(errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get(0)).isEqualTo("INCOMPATIBLE_SCHEMA_CHANGE");
                            assertThat((String) e.get(1)).contains("primary key column tenant");
                        });
    }

    @Test
    void untypedRowsAreResolvedAgainstTheExistingTable() throws Exception {
        sql(
                "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(20), amount numeric(10,2), created date,"
                        + " seen timestamptz)");
        TableSchema s = untyped(List.of("id"), "id", "name", "amount", "created", "seen");
        commit(
                upsert(
                        ORDERS,
                        insert(
                                s,
                                1L,
                                "a",
                                new BigDecimal("1.25"),
                                "2024-01-02",
                                "2024-01-02T03:04:05Z")),
                upsert(ORDERS, insert(s, "2", "b", "7", 19725L, 1_700_000_000_000_000L)),
                upsert(ORDERS, insert(s, 3L, "c", "not a number", "2024-01-02", null)));

        assertThat(rows("SELECT id, name, amount, created FROM orders ORDER BY id"))
                .containsExactly(
                        List.of(
                                1L,
                                "a",
                                new BigDecimal("1.25"),
                                java.sql.Date.valueOf("2024-01-02")),
                        List.of(
                                2L,
                                "b",
                                new BigDecimal("7.00"),
                                java.sql.Date.valueOf("2024-01-03")));
        assertThat(errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get(0)).isEqualTo("CONVERSION");
                            assertThat((String) e.get(1)).contains("not a number");
                        });
    }

    @Test
    void untypedRowsWithAnUnknownColumnAreASchemaMismatch() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(20))");
        commit(upsert(ORDERS, insert(untyped(List.of("id"), "id", "name", "extra"), 1L, "a", "x")));

        assertThat(errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get(0)).isEqualTo("SCHEMA_MISMATCH");
                            assertThat((String) e.get(1))
                                    .contains("column extra is not in table orders");
                        });
    }

    @Test
    void untypedRowsWithoutATableGoToTheErrorTable() throws Exception {
        commit(upsert(ORDERS, insert(untyped(List.of("id"), "id", "name"), 1L, "a")));

        assertThat(
                        rows(
                                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'"))
                .containsExactly(List.of(0L));
        assertThat(errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.get(0)).isEqualTo("SCHEMA_MISMATCH");
                            assertThat((String) e.get(1)).contains("declare `columns:`");
                            assertThat(e.get(4)).isEqualTo("{\"id\": 1, \"name\": \"a\"}");
                        });
    }

    @Test
    void upsertsWithoutAnyKeyGoToTheErrorTable() throws Exception {
        TableSchema keyless = schema(List.of(), "id INT64", "name STRING");
        commit(upsert(ORDERS, insert(keyless, 1L, "a")), upsert(ORDERS, delete(keyless, 1L, "a")));

        assertThat(errors())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.get(0)).isEqualTo("MISSING_KEY"));
    }

    @Test
    void untypedDeletesUseTheTablesPrimaryKey() throws Exception {
        sql(
                "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(20))",
                "INSERT INTO orders VALUES (1, 'a'), (2, 'b')");
        TableSchema s = untyped(List.of(), "id", "name");
        commit(
                upsert(ORDERS, delete(s, 1, null)),
                upsert(ORDERS, update(s, row(2, "b"), row(2, "bb"))));

        assertThat(rows("SELECT id, name FROM orders")).containsExactly(List.of(2L, "bb"));
    }

    // ---- exactly once
    // -----------------------------------------------------------------------------------

    @Test
    void replayingACommittedBatchIsSkipped() throws Exception {
        TableId history = TableId.parse("orders_history");
        JdbcCommittable first =
                commit(record(history, WriteMode.APPEND, insert(ORDER, 1L, "a", 1)));
        TestRequest replay = new TestRequest(first);
        committer.commit(List.of(replay));
        // A new committer, as after a restart, replaying the same batch.
        try (JdbcCommitter restarted = sink.createCommitter()) {
            TestRequest again = new TestRequest(first);
            restarted.commit(List.of(again));
            assertThat(again.alreadyCommitted).isTrue();
        }

        assertThat(replay.alreadyCommitted).isTrue();
        assertThat(rows("SELECT count(*) FROM orders_history")).containsExactly(List.of(1L));
        assertThat(rows("SELECT pipeline, sink, subtask, sequence FROM _tributary_commits"))
                .containsExactly(List.of("shop", "warehouse", 0, first.sequence()));
    }

    @Test
    void aFreshWriterContinuesTheStoredSequence() throws Exception {
        commit(upsert(ORDERS, insert(ORDER, 1L, "a", 1)));
        JdbcCommittable second = commit(upsert(ORDERS, insert(ORDER, 2L, "b", 2)));

        JdbcSinkWriter fresh = sink.createWriter(0, List.of());
        assertThat(fresh.lastSequence()).isEqualTo(second.sequence());
        fresh.write(upsert(ORDERS, insert(ORDER, 3L, "c", 3)));
        JdbcCommittable third = fresh.prepareCommit().iterator().next();
        committer.commit(List.of(new TestRequest(third)));

        assertThat(third.sequence()).isEqualTo(second.sequence() + 1);
        assertThat(rows("SELECT id FROM orders ORDER BY id"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L));
        // Restored state wins when it is ahead of the table, and another subtask starts from its
        // own row.
        assertThat(sink.createWriter(0, List.of(new JdbcWriterState(0, 42))).lastSequence())
                .isEqualTo(42);
        assertThat(sink.createWriter(1, List.of()).lastSequence()).isZero();
    }

    // ---- background apply
    // -----------------------------------------------------------------------------

    @Test
    void aBatchHandedToTheBackgroundIsAppliedBeforeTheWriterPreparesTheNext() throws Exception {
        TableId history = TableId.parse("orders_history");
        try (JdbcSinkWriter chained = sink.createWriter(0, List.of(), true)) {
            for (int batch = 0; batch < 3; batch++) {
                for (long i = batch * 100L; i < batch * 100L + 100; i++) {
                    chained.write(upsert(ORDERS, insert(ORDER, i, "n" + i, 1)));
                    chained.write(record(history, WriteMode.APPEND, insert(ORDER, i, "n" + i, 1)));
                }
                TestRequest request = new TestRequest(chained.prepareCommit().iterator().next());
                committer.commit(List.of(request));
                // Handed off: only a synchronous apply can tell that a batch was committed before.
                assertThat(request.alreadyCommitted).isFalse();
                assertThat(request.failure).isNull();
            }
            assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .contains("tributary-apply-shop-warehouse-0");

            // Flink calls this in the next checkpoint's prepareSnapshotPreBarrier.
            assertThat(chained.prepareCommit()).isEmpty();

            assertThat(rows("SELECT count(*) FROM orders")).containsExactly(List.of(300L));
            assertThat(rows("SELECT count(*), count(DISTINCT id) FROM orders_history"))
                    .containsExactly(List.of(300L, 300L));
            assertThat(rows("SELECT sequence FROM _tributary_commits"))
                    .containsExactly(List.of(3L));
        }
    }

    @Test
    void aFailedBackgroundApplyFailsTheNextCheckpointAndTheReplayAppliesItOnce() throws Exception {
        TableId history = TableId.parse("orders_history");
        JdbcSinkWriter chained = sink.createWriter(0, List.of(), true);
        // A commit table the sink cannot use: the apply fails for good (no retry helps).
        sql("CREATE TABLE _tributary_commits (unrelated integer)");
        chained.write(record(history, WriteMode.APPEND, insert(ORDER, 1L, "a", 1)));
        chained.write(record(history, WriteMode.APPEND, insert(ORDER, 2L, "b", 2)));
        JdbcCommittable failing = chained.prepareCommit().iterator().next();
        committer.commit(List.of(new TestRequest(failing)));

        chained.write(record(history, WriteMode.APPEND, insert(ORDER, 3L, "c", 3)));
        assertThatThrownBy(chained::prepareCommit)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the background apply of " + failing + " failed")
                .hasMessageContaining("_tributary_commits");
        // Nothing more is applied in the background until the task restarts.
        JdbcCommittable next =
                new JdbcCommittable("shop", "warehouse", 0, failing.sequence() + 1, List.of());
        assertThatThrownBy(() -> committer.commit(List.of(new TestRequest(next))))
                .hasMessageContaining("refusing to apply");
        String batch = failing.toString();
        assertThatThrownBy(chained::close).hasMessageContaining(batch);
        assertThat(rows("SELECT count(*) FROM orders_history")).containsExactly(List.of(0L));

        // Flink restores the last completed checkpoint, which holds the batch, with a new
        // committer.
        sql("DROP TABLE _tributary_commits");
        try (JdbcCommitter restored = sink.createCommitter()) {
            TestRequest replay = new TestRequest(failing);
            restored.commit(List.of(replay));
            assertThat(replay.alreadyCommitted).isFalse();
            TestRequest again = new TestRequest(failing);
            restored.commit(List.of(again));
            assertThat(again.alreadyCommitted).isTrue();
        }
        assertThat(rows("SELECT id FROM orders_history ORDER BY id"))
                .containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void withoutAWriterInTheCommittersThreadTheCommitterAppliesItself() throws Exception {
        // A writer of the same subtask registered by another thread: not chained with this
        // committer.
        JdbcSinkWriter elsewhere =
                CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return sink.createWriter(0, List.of(), true);
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                })
                        .get();
        try {
            JdbcCommittable first = commit(upsert(ORDERS, insert(ORDER, 1L, "a", 1)));
            // Applied when commit returns, which is why a replay can be recognised right here.
            assertThat(rows("SELECT id FROM orders")).containsExactly(List.of(1L));
            TestRequest replay = new TestRequest(first);
            committer.commit(List.of(replay));
            assertThat(replay.alreadyCommitted).isTrue();
        } finally {
            elsewhere.close();
        }
        // And with no writer registered at all.
        commit(upsert(ORDERS, insert(ORDER, 2L, "b", 2)));
        assertThat(rows("SELECT id FROM orders ORDER BY id"))
                .containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void anEmptyCheckpointPreparesNothing() throws Exception {
        assertThat(writer.prepareCommit()).isEmpty();
        assertThat(writer.snapshotState(1)).containsExactly(new JdbcWriterState(0, 0));
    }

    // ---- safety
    // -------------------------------------------------------------------------------------------

    @Test
    void strangeIdentifiersAreJustNames() throws Exception {
        String strange = "x\"; DROP TABLE y; --";
        sql("CREATE TABLE y (id integer)");
        TableId table = TableId.of("public", strange);
        TableSchema s = schema(List.of("id"), "id INT32", strange + " STRING");
        commit(
                upsert(table, insert(s, 1, "it's \"quoted\"; DROP TABLE y; --")),
                record(
                        TableId.parse("appended"),
                        WriteMode.APPEND,
                        insert(s, 2, "'); DROP TABLE y; --")));
        commit(upsert(table, update(s, row(1, "a"), row(1, "b"))));

        assertThat(rows("SELECT \"x\"\"; DROP TABLE y; --\" FROM \"x\"\"; DROP TABLE y; --\""))
                .containsExactly(List.of("b"));
        assertThat(rows("SELECT count(*) FROM y")).containsExactly(List.of(0L));
        assertThat(rows("SELECT \"x\"\"; DROP TABLE y; --\" FROM appended"))
                .containsExactly(List.of("'); DROP TABLE y; --"));
    }

    @Test
    void aValueTooLongGoesToTheErrorTableWhileTheOtherRowsLand() throws Exception {
        sql(
                "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(5), qty integer CHECK (qty >= 0))");
        TableSchema s = schema(List.of("id"), "id INT64", "name STRING(5)", "qty INT32");
        List<SinkRecord> records = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            records.add(upsert(ORDERS, insert(s, i, "n" + i, 1)));
        }
        commit(records.toArray(new SinkRecord[0]));
        // Updates and inserts in one batch: one row refused by a check, one too long for its
        // column.
        records.clear();
        for (long i = 1; i <= 200; i++) {
            records.add(
                    upsert(
                            ORDERS,
                            insert(s, i, i == 150 ? "too long" : "m" + i, i == 42 ? -1 : 2)));
        }
        commit(records.toArray(new SinkRecord[0]));

        assertThat(rows("SELECT count(*), sum(qty) FROM orders"))
                .containsExactly(List.of(199L, 397L));
        assertThat(rows("SELECT name, qty FROM orders WHERE id = 42"))
                .containsExactly(List.of("n42", 1));
        assertThat(rows("SELECT count(*) FROM orders WHERE id = 150")).containsExactly(List.of(0L));
        List<List<Object>> errors = errors();
        assertThat(errors)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.get(0)).isEqualTo("WRITE_FAILED"));
        assertThat((String) errors.get(0).get(1)).contains("SQLState 23514");
        assertThat((String) errors.get(1).get(1)).contains("SQLState 22001");
        assertThat(errors.get(1).get(4))
                .isEqualTo("{\"id\": 150, \"name\": \"too long\", \"qty\": 2}");
        assertThat(errors.get(1).get(5)).isEqualTo("{\"id\": 150}");
    }

    @Test
    void theErrorTableFollowsTheErrorRecordSchema() throws Exception {
        commit(upsert(ORDERS, insert(untyped(List.of("id"), "id"), 1L)));

        assertThat(
                        rows(
                                        "SELECT column_name FROM information_schema.columns WHERE table_name = 'tributary_errors'"
                                                + " ORDER BY ordinal_position")
                                .stream()
                                .map(r -> r.get(0))
                                .toList())
                .isEqualTo(dev.tributary.api.event.ErrorRecord.SCHEMA.columnNames());
        assertThat(rows("SELECT pipeline, stream, partition, raw_truncated FROM tributary_errors"))
                .containsExactly(List.of("shop", "shop.public.orders", 0, false));
    }
}
