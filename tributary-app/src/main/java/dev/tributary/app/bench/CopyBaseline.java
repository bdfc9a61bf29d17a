package dev.tributary.app.bench;

import dev.tributary.jdbc.dialect.postgres.BinaryColumn;
import dev.tributary.jdbc.dialect.postgres.CopyBinaryEncoder;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The physical baseline: the expected final rows written with one {@code COPY … FROM STDIN} into a
 * fresh table with the same DDL and primary key, timed from the statement to the commit, in the
 * text format or in the binary one (which the sink uses where it can). The table then serves as the
 * expected state that the target is compared with.
 */
final class CopyBaseline {
    static final String TABLE = "public.orders_copy_baseline";
    private static final int CHUNK = 1 << 20;

    /** The binary types of the orders table's columns, in {@link OrdersTable#COLUMNS} order. */
    private static final BinaryColumn[] BINARY_TYPES = {
        BinaryColumn.INT8,
        BinaryColumn.INT8,
        BinaryColumn.TEXT,
        BinaryColumn.NUMERIC,
        BinaryColumn.INT4,
        BinaryColumn.INT2,
        BinaryColumn.BOOL,
        BinaryColumn.TEXT,
        BinaryColumn.TIMESTAMP,
        BinaryColumn.TIMESTAMPTZ
    };

    /** Rows copied, bytes sent, the time from the COPY statement to its commit, and the format. */
    record Result(long rows, long bytes, long nanos, String format) {
        double rowsPerSecond() {
            return rows * 1e9 / nanos;
        }
    }

    private CopyBaseline() {}

    static Result load(Connection connection, List<OrderRow> rows) throws SQLException {
        ByteText text = new ByteText();
        return timedCopy(
                connection,
                "",
                rows.size(),
                "text",
                copy -> {
                    for (OrderRow row : rows) {
                        line(text, row);
                        if (text.length() >= CHUNK) {
                            copy.write(text.array(), text.length());
                            text.clear();
                        }
                    }
                    copy.write(text.array(), text.length());
                });
    }

    /**
     * The same rows in the binary format. They are turned into the Java values the sink holds
     * before the clock starts, so that what is timed is encoding and COPY, as for the text form.
     */
    static Result loadBinary(Connection connection, List<OrderRow> rows) throws SQLException {
        List<Object[]> values = new ArrayList<>(rows.size());
        for (OrderRow r : rows) {
            values.add(values(r));
        }
        CopyBinaryEncoder out = new CopyBinaryEncoder(CHUNK + 4096);
        return timedCopy(
                connection,
                " (FORMAT binary)",
                rows.size(),
                "binary",
                copy -> {
                    out.header();
                    for (Object[] row : values) {
                        out.startRow(row.length);
                        for (int c = 0; c < row.length; c++) {
                            out.value(BINARY_TYPES[c], row[c]);
                        }
                        if (out.size() >= CHUNK) {
                            copy.write(out.buffer(), out.size());
                            out.clear();
                        }
                    }
                    out.trailer();
                    copy.write(out.buffer(), out.size());
                });
    }

    /** Where an encoding hands its bytes, a chunk at a time. */
    private interface Chunks {
        void write(byte[] bytes, int length) throws SQLException;
    }

    /** Writes one format's bytes of the rows to a COPY. */
    private interface Encoding {
        void writeTo(Chunks copy) throws SQLException;
    }

    /**
     * Recreates the table, then times one {@code COPY … FROM STDIN} with {@code options}, fed by
     * {@code encoding}, from the statement to its commit.
     */
    private static Result timedCopy(
            Connection connection, String options, int rows, String format, Encoding encoding)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute(OrdersTable.createSql(TABLE));
        }
        connection.setAutoCommit(true);
        long[] bytes = {0};
        long start = System.nanoTime();
        CopyIn copy =
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "COPY "
                                        + TABLE
                                        + " ("
                                        + OrdersTable.COLUMNS
                                        + ") FROM STDIN"
                                        + options);
        try {
            encoding.writeTo(
                    (b, length) -> {
                        copy.writeToCopy(b, 0, length);
                        bytes[0] += length;
                    });
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return new Result(rows, bytes[0], System.nanoTime() - start, format);
    }

    private static Object[] values(OrderRow r) {
        return new Object[] {
            r.id(),
            r.customerId(),
            r.status(),
            BigDecimal.valueOf(r.amountCents(), OrderRow.AMOUNT_SCALE),
            r.quantity(),
            r.priority(),
            r.paid(),
            r.note(),
            LocalDateTime.ofEpochSecond(
                    Math.floorDiv(r.createdAtMicros(), 1_000_000L),
                    (int) Math.floorMod(r.createdAtMicros(), 1_000_000L) * 1000,
                    ZoneOffset.UTC),
            OffsetDateTime.ofInstant(
                    Instant.ofEpochSecond(
                            Math.floorDiv(r.updatedAtMicros(), 1_000_000L),
                            Math.floorMod(r.updatedAtMicros(), 1_000_000L) * 1000L),
                    ZoneOffset.UTC)
        };
    }

    /** One row in COPY's text format: tab-separated, newline-terminated. */
    static void line(ByteText out, OrderRow r) {
        out.number(r.id())
                .ascii('\t')
                .number(r.customerId())
                .ascii('\t')
                .copyText(r.status())
                .ascii('\t')
                .decimal(r.amountCents(), OrderRow.AMOUNT_SCALE)
                .ascii('\t')
                .number(r.quantity())
                .ascii('\t')
                .number(r.priority())
                .ascii('\t')
                .ascii(r.paid() ? 't' : 'f')
                .ascii('\t')
                .copyText(r.note())
                .ascii('\t');
        Timestamps.sql(out, r.createdAtMicros());
        out.ascii('\t');
        Timestamps.sqlUtc(out, r.updatedAtMicros());
        out.ascii('\n');
    }
}
