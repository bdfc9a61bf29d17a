package dev.tributary.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.event.TableId;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.jdbc.dialect.BatchApplier;
import dev.tributary.jdbc.dialect.Rows;
import dev.tributary.jdbc.dialect.TableDefinition;
import dev.tributary.jdbc.dialect.WriteTarget;
import java.math.BigDecimal;
import java.nio.file.Path;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary COPY stores exactly what text COPY stores. Two tables with the same columns take the same
 * batches through the applier; one of them has an extra enum column (always null), which has no
 * binary form, so its batches go by text. Every value must read back identically from both, on the
 * direct path into an empty table and through the staging table.
 */
class PostgresBinaryCopyIT {
    @TempDir static Path dataDir;

    private static EmbeddedDatabase database;

    private static final String COLUMNS =
            "id bigint PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double"
                    + " precision, n numeric, n12 numeric(12,2), b boolean, t text, vc varchar(10),"
                    + " c3 char(3), j json, jb jsonb, u uuid, by bytea, d date, tm time,"
                    + " ts timestamp, ts3 timestamp(3), tz timestamptz, dm positive";

    /** The columns of {@link #COLUMNS}; the last, {@code dm}, is a domain over integer. */
    private static final int WIDTH = 22;

    /** Positions in {@link #COLUMNS}: f4, f8, n, n12, d, ts and dm. */
    private static final int F4 = 4, F8 = 5, N = 6, N12 = 7, D = 16, TS = 18, DM = 21;

    private final PostgresDialect dialect = new PostgresDialect();
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
        String name = "bin_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        database.createDatabase(name);
        connection = DriverManager.getConnection(database.jdbcUrl(name), "postgres", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TYPE mood AS ENUM ('ok')");
            s.execute("CREATE DOMAIN positive AS integer CHECK (VALUE > 0)");
            s.execute("CREATE TABLE via_binary (" + COLUMNS + ")");
            s.execute("CREATE TABLE via_text (" + COLUMNS + ", extra mood)");
        }
        connection.setAutoCommit(false);
        applier = dialect.applier(connection);
    }

    @AfterEach
    void close() throws SQLException {
        applier.close();
        connection.close();
    }

    @Test
    void everyTypeReadsBackAsTextCopyStoresIt() throws Exception {
        WriteTarget binary = target("via_binary");
        WriteTarget text = target("via_text");
        assertThat(PostgresCopyApplier.binaryColumnsFor(binary, rows(edgeRows(), WIDTH)))
                .as("the binary table goes by binary")
                .isNotNull();
        assertThat(PostgresCopyApplier.binaryColumnsFor(text, rows(edgeRows(), WIDTH + 1)))
                .as("the enum column sends the other table by text")
                .isNull();

        // Into empty tables: COPY straight into the target.
        applier.upsert(binary, rows(edgeRows(), WIDTH));
        applier.upsert(text, rows(edgeRows(), WIDTH + 1));
        connection.commit();
        applier.transactionEnded(true);
        List<String> stored = rowsOf("via_binary");
        assertThat(stored).hasSize(edgeRows().size()).isEqualTo(rowsOf("via_text"));

        // Holding rows: through the staging table, with a delete and changed values.
        List<Object[]> changed = new ArrayList<>();
        for (Object[] r : edgeRows()) {
            Object[] c = r.clone();
            c[6] = r[6] instanceof BigDecimal ? ((BigDecimal) r[6]).negate() : BigDecimal.ONE;
            changed.add(c);
        }
        applier.upsert(binary, rows(changed, WIDTH, 2L));
        applier.upsert(text, rows(changed, WIDTH + 1, 2L));
        connection.commit();
        applier.transactionEnded(true);
        assertThat(rowsOf("via_binary"))
                .hasSize(edgeRows().size() - 1)
                .isEqualTo(rowsOf("via_text"))
                .isNotEqualTo(stored);
    }

    @Test
    void aValueWithoutAnEqualBinaryFormSendsTheBatchByText() throws Exception {
        WriteTarget binary = target("via_binary");
        Object[] nanos = new Object[WIDTH];
        nanos[0] = 1L;
        nanos[18] = LocalDateTime.of(2026, 11, 24, 12, 0, 0, 123_456_789);
        Object[] floatInDouble = new Object[WIDTH];
        floatInDouble[0] = 2L;
        floatInDouble[5] = 0.1f;
        assertThat(
                        PostgresCopyApplier.binaryColumnsFor(
                                binary, rows(List.<Object[]>of(nanos), WIDTH)))
                .as("nanoseconds")
                .isNull();
        assertThat(
                        PostgresCopyApplier.binaryColumnsFor(
                                binary, rows(List.<Object[]>of(floatInDouble), WIDTH)))
                .as("a float widened to double")
                .isNull();

        applier.insert(binary, rows(List.<Object[]>of(nanos, floatInDouble), WIDTH));
        connection.commit();
        // As text: PostgreSQL rounds to microseconds, and reads the float's shortest decimal form.
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT ts::text, f8 FROM via_binary ORDER BY id")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("2026-11-24 12:00:00.123457");
            r.next();
            assertThat(r.getDouble(2)).isEqualTo(0.1d);
        }
    }

    private WriteTarget target(String table) throws SQLException {
        TableDefinition def =
                dialect.readTable(connection, TableId.parse("public." + table)).orElseThrow();
        return new WriteTarget(def, def.columns(), new int[] {0}, true);
    }

    /** The table's rows as text, ordered by id, without the extra column. */
    private List<String> rowsOf(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, YMD'");
            try (ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
                int n = WIDTH;
                while (r.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int c = 1; c <= n; c++) {
                        b.append(r.getString(c)).append('|');
                    }
                    rows.add(b.toString());
                }
            }
            connection.commit();
        }
        return rows;
    }

    private static List<Object[]> edgeRows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(
                row(
                        1L,
                        (short) -32768,
                        Integer.MIN_VALUE,
                        Long.MIN_VALUE,
                        0.1f,
                        0.1d,
                        new BigDecimal("0"),
                        new BigDecimal("1.005"),
                        true,
                        "plain",
                        "short",
                        "ab",
                        "{\"a\": [1, 2.50]}",
                        "{\"b\": 1, \"a\": \"x\"}",
                        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        new byte[] {0, 1, (byte) 0xFF},
                        LocalDate.of(2000, 1, 1),
                        LocalTime.MIDNIGHT,
                        LocalDateTime.of(2000, 1, 1, 0, 0),
                        LocalDateTime.of(2026, 11, 24, 16, 0, 0, 123_456_000),
                        OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        rows.add(
                row(
                        2L,
                        (short) 32767,
                        Integer.MAX_VALUE,
                        Long.MAX_VALUE,
                        -0.0f,
                        -0.0d,
                        new BigDecimal("-0.05"),
                        new BigDecimal("1234567890.12"),
                        false,
                        "tab\tnew\nline\\back \u00e9\u4e2d\ud83d\ude00",
                        "",
                        "abc",
                        "[]",
                        "[]",
                        UUID.fromString("00000000-0000-0000-0000-000000000000"),
                        new byte[0],
                        LocalDate.of(1999, 12, 31),
                        LocalTime.of(23, 59, 59, 999_999_000),
                        LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                        LocalDateTime.of(1, 1, 1, 0, 0),
                        OffsetDateTime.of(2026, 11, 24, 18, 30, 0, 1_000, ZoneOffset.ofHours(2))));
        rows.add(
                row(
                        3L,
                        (short) 0,
                        (short) 7,
                        42,
                        Float.NaN,
                        Double.NaN,
                        new BigDecimal("12345.67"),
                        new BigDecimal("-0.01"),
                        null,
                        "unpaired \ud800 surrogate",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        LocalDate.of(0, 1, 1),
                        LocalTime.of(12, 34, 56, 500_000_000),
                        LocalDateTime.of(0, 12, 31, 23, 0),
                        null,
                        OffsetDateTime.of(
                                0, 6, 1, 1, 2, 3, 0, ZoneOffset.ofHoursMinutes(-5, -30))));
        rows.add(
                sparse(
                        4L,
                        F4,
                        Float.POSITIVE_INFINITY,
                        F8,
                        Double.NEGATIVE_INFINITY,
                        N,
                        new BigDecimal("1E-20"),
                        N12,
                        7L,
                        D,
                        LocalDate.of(-4712, 1, 1),
                        TS,
                        LocalDateTime.of(294275, 12, 31, 23, 59, 59)));
        rows.add(
                sparse(
                        5L,
                        F4,
                        Float.MIN_VALUE,
                        F8,
                        Double.MIN_VALUE,
                        N,
                        new BigDecimal("1E+10"),
                        D,
                        LocalDate.of(9999, 12, 31)));
        rows.add(
                sparse(
                        6L,
                        F4,
                        Float.MAX_VALUE,
                        F8,
                        1e308,
                        N,
                        new BigDecimal("123456789012345678901234567890.123456789")));
        rows.add(sparse(7L, F4, (short) -3, F8, 9007199254740993L, N, new BigDecimal("-0.00010")));
        rows.add(sparse(8L, F8, 5, N, BigDecimal.valueOf(Long.MIN_VALUE)));
        rows.add(sparse(9L, N, 10_000L));
        rows.add(sparse(10L, N, new BigDecimal("10000.0000")));
        rows.add(sparse(11L, N, Long.MIN_VALUE));
        rows.add(sparse(12L, N, new BigDecimal("9999.9999")));
        rows.get(0)[DM] = 5;
        rows.get(1)[DM] = Integer.MAX_VALUE;
        return rows;
    }

    private static Object[] row(Object... values) {
        return Arrays.copyOf(values, WIDTH);
    }

    /** A row with only {@code id} and the given (column index, value) pairs set. */
    private static Object[] sparse(long id, Object... columnsAndValues) {
        Object[] row = new Object[WIDTH];
        row[0] = id;
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row[(Integer) columnsAndValues[i]] = columnsAndValues[i + 1];
        }
        return row;
    }

    /**
     * {@code values} padded to {@code width} columns; rows whose id is in {@code deletes} delete.
     */
    private static Rows rows(List<Object[]> values, int width, Long... deletes) {
        List<Object[]> padded = new ArrayList<>();
        for (Object[] v : values) {
            padded.add(Arrays.copyOf(v, width));
        }
        List<Long> deleted = List.of(deletes);
        return new Rows() {
            @Override
            public int size() {
                return padded.size();
            }

            @Override
            public Object[] row(int index) {
                return padded.get(index);
            }

            @Override
            public boolean isDelete(int index) {
                return deleted.contains((Long) padded.get(index)[0]);
            }
        };
    }
}
