package dev.tributary.jdbc.dialect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's COPY text format straight into a reusable UTF-8 byte buffer: columns
 * separated by tab, rows ended by newline, {@code \N} for null, and backslash, tab, newline and
 * carriage return escaped inside values. Values are rendered exactly: integers as digits, floats in
 * their shortest round-trip form, decimals in plain notation, bytes as {@code \\x} hex (the escaped
 * bytea hex form), dates and times in ISO form (years before 1 as BC), booleans as {@code t}/{@code
 * f}. Not thread-safe; reuse one per connection.
 */
public final class CopyTextEncoder implements CopyRowEncoder {
    private static final byte[] HEX =
            "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int pos;
    private boolean firstInRow = true;

    public CopyTextEncoder(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The encoded bytes are {@code buffer()[0, size())}. */
    @Override
    public byte[] buffer() {
        return buf;
    }

    @Override
    public int size() {
        return pos;
    }

    /** Forgets the encoded bytes, keeping the buffer. */
    @Override
    public void clear() {
        pos = 0;
        firstInRow = true;
    }

    @Override
    public void begin() {}

    @Override
    public void row(String op, Object[] values) {
        if (op != null) {
            value(op);
        }
        for (Object v : values) {
            value(v);
        }
        endRow();
    }

    @Override
    public void end() {}

    /** Ends the current row. */
    public void endRow() {
        put((byte) '\n');
        firstInRow = true;
    }

    /** Appends one column value of the current row. */
    public void value(Object v) {
        if (!firstInRow) {
            put((byte) '\t');
        }
        firstInRow = false;
        if (v == null) {
            put((byte) '\\');
            put((byte) 'N');
        } else if (v instanceof String) {
            text((String) v);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            integer(((Number) v).longValue());
        } else if (v instanceof BigDecimal) {
            ascii(((BigDecimal) v).toPlainString());
        } else if (v instanceof Boolean) {
            put((byte) ((Boolean) v ? 't' : 'f'));
        } else if (v instanceof Double) {
            ascii(Double.toString((Double) v));
        } else if (v instanceof Float) {
            ascii(Float.toString((Float) v));
        } else if (v instanceof byte[]) {
            bytes((byte[]) v);
        } else if (v instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) v;
            dateDigits(t.toLocalDate());
            put((byte) ' ');
            time(t.toLocalTime());
            era(t.getYear());
        } else if (v instanceof OffsetDateTime) {
            OffsetDateTime t = (OffsetDateTime) v;
            dateDigits(t.toLocalDate());
            put((byte) ' ');
            time(t.toLocalTime());
            offset(t.getOffset());
            era(t.getYear());
        } else if (v instanceof LocalDate) {
            dateDigits((LocalDate) v);
            era(((LocalDate) v).getYear());
        } else if (v instanceof LocalTime) {
            time((LocalTime) v);
        } else if (v instanceof UUID) {
            ascii(v.toString());
        } else {
            throw new IllegalArgumentException(
                    "no COPY text form for values of " + v.getClass().getName());
        }
    }

    private void text(String s) {
        ensure(Utf8.maxBytes(s.length()) + 8);
        pos = Utf8.write(s, buf, pos, true);
    }

    /** Text known to need neither escaping nor multi-byte encoding. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void integer(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        reverse(start, pos - 1);
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = buf[i];
            buf[i++] = buf[j];
            buf[j--] = t;
        }
    }

    private void bytes(byte[] v) {
        ensure(3 + v.length * 2);
        buf[pos++] = '\\';
        buf[pos++] = '\\';
        buf[pos++] = 'x';
        for (byte x : v) {
            buf[pos++] = HEX[(x >> 4) & 0xF];
            buf[pos++] = HEX[x & 0xF];
        }
    }

    /** YYYY-MM-DD with the year as PostgreSQL counts it (year 0 is 1 BC). */
    private void dateDigits(LocalDate d) {
        int year = d.getYear();
        padded(year <= 0 ? 1 - year : year, 4);
        put((byte) '-');
        padded(d.getMonthValue(), 2);
        put((byte) '-');
        padded(d.getDayOfMonth(), 2);
    }

    private void era(int year) {
        if (year <= 0) {
            ascii(" BC");
        }
    }

    /** HH:MM:SS[.fraction], the fraction without trailing zeros. */
    private void time(LocalTime t) {
        padded(t.getHour(), 2);
        put((byte) ':');
        padded(t.getMinute(), 2);
        put((byte) ':');
        padded(t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            put((byte) '.');
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            padded(nanos, digits);
        }
    }

    private void offset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        put((byte) (total < 0 ? '-' : '+'));
        total = Math.abs(total);
        padded(total / 3600, 2);
        put((byte) ':');
        padded((total / 60) % 60, 2);
        if (total % 60 != 0) {
            put((byte) ':');
            padded(total % 60, 2);
        }
    }

    private void padded(int v, int width) {
        ensure(Math.max(width, 10));
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        while (pos - start < width) {
            buf[pos++] = '0';
        }
        reverse(start, pos - 1);
    }

    private void put(byte b) {
        if (pos == buf.length) {
            ensure(1);
        }
        buf[pos++] = b;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
