package dev.tributary.app.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The physical baseline: the expected final rows written with one {@code COPY … FROM STDIN} (text
 * format) into a fresh table with the same DDL and primary key, timed from the first byte to the
 * commit. The table then serves as the expected state that the target is compared with.
 */
final class CopyBaseline {
    static final String TABLE = "public.orders_copy_baseline";
    private static final int CHUNK = 1 << 20;

    /** Rows copied, bytes sent, and the time from the COPY statement to its commit. */
    record Result(long rows, long bytes, long nanos) {
        double rowsPerSecond() {
            return rows * 1e9 / nanos;
        }
    }

    private CopyBaseline() {}

    static Result load(Connection connection, List<OrderRow> rows) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute(OrdersTable.createSql(TABLE));
        }
        connection.setAutoCommit(true);
        ByteText text = new ByteText();
        long bytes = 0;
        long start = System.nanoTime();
        CopyIn copy =
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY " + TABLE + " (" + OrdersTable.COLUMNS + ") FROM STDIN");
        try {
            for (OrderRow row : rows) {
                line(text, row);
                if (text.length() >= CHUNK) {
                    copy.writeToCopy(text.array(), 0, text.length());
                    bytes += text.length();
                    text.clear();
                }
            }
            copy.writeToCopy(text.array(), 0, text.length());
            bytes += text.length();
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return new Result(rows.size(), bytes, System.nanoTime() - start);
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
