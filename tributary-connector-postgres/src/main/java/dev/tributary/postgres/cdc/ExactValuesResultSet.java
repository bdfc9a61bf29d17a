package dev.tributary.postgres.cdc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A result set whose {@link #getObject(int)} reads {@code time}, {@code timetz} and {@code money}
 * columns exactly; every other column and call goes to pgjdbc's result set as it is.
 *
 * <p>Flink CDC 3.5 reads snapshot rows with {@code getObject(int)}, where pgjdbc gives {@code time}
 * and {@code timetz} as {@link java.sql.Time} (whole milliseconds) and {@code money} as a double
 * (15 to 17 significant digits; amounts written with a thousands separator even fail). Here {@code
 * time} and {@code timetz} come as the server's text, which Debezium's value converter parses with
 * microseconds, as Debezium's own snapshot and its stream do; {@code money} comes as its exact
 * amount ({@link MoneyText}, for {@link ExactMoneyConverter}).
 */
final class ExactValuesResultSet extends ForwardingResultSet {
    private static final byte PASS = 0;
    private static final byte TEXT = 1;
    private static final byte MONEY = 2;

    /** What to do per column, by its 1-based index. */
    private final byte[] reads;

    private ExactValuesResultSet(ResultSet delegate, byte[] reads) {
        super(delegate);
        this.reads = reads;
    }

    /** {@code rs} itself when it has none of those columns, else a result set that reads them. */
    static ResultSet of(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        byte[] reads = null;
        for (int i = 1; i <= count; i++) {
            byte read = read(meta, i);
            if (read != PASS) {
                if (reads == null) {
                    reads = new byte[count + 1];
                }
                reads[i] = read;
            }
        }
        return reads == null ? rs : new ExactValuesResultSet(rs, reads);
    }

    private static byte read(ResultSetMetaData meta, int column) throws SQLException {
        // pgjdbc reports time and timetz as TIME and money as DOUBLE; only those are looked up
        // by name (from pgjdbc's type cache).
        int type = meta.getColumnType(column);
        if (type != Types.TIME && type != Types.DOUBLE) {
            return PASS;
        }
        switch (meta.getColumnTypeName(column)) {
            case "time":
            case "timetz":
                return TEXT;
            case "money":
                return MONEY;
            default:
                return PASS;
        }
    }

    @Override
    public Object getObject(int column) throws SQLException {
        byte read = column > 0 && column < reads.length ? reads[column] : PASS;
        switch (read) {
            case TEXT:
                return delegate.getString(column);
            case MONEY:
                String text = delegate.getString(column);
                try {
                    return text == null ? null : MoneyText.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new SQLException(
                            "Cannot read column "
                                    + delegate.getMetaData().getColumnName(column)
                                    + ": "
                                    + e.getMessage(),
                            "22P02",
                            e);
                }
            default:
                return delegate.getObject(column);
        }
    }
}
